import { nextTurn } from './statistics.js';

/**
 * Heap in use after full collections. Several rounds, with a turn of the
 * event loop between them, so that objects freed by finalisers and weak
 * callbacks of the previous round are collected too.
 */
export async function collectedHeapBytes(): Promise<number> {
  const collect = globalThis.gc;
  if (!collect) throw new Error('heap figures need node --expose-gc (bench/main.ts passes it to every item)');
  for (let round = 0; round < 4; round++) {
    collect();
    await nextTurn();
  }
  return process.memoryUsage().heapUsed;
}
