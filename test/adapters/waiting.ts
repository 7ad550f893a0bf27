/** Small helpers the adapter tests share: unique ids, collecting messages, waiting for conditions. */
import { randomBytes } from 'node:crypto';
import type { Transport } from '../../adapters/transport.js';

/** Random per test file, so files running in parallel against one broker never share a user id or prefix. */
export const RUN_ID = randomBytes(4).toString('hex');

let nextUser = 0;

/** Ids like `alice-1a2b3c4d-7`: readable in failures, unique per run and per test. */
export function uniqueUserIds<Names extends string[]>(...names: Names): { [Index in keyof Names]: string } {
  nextUser += 1;
  return names.map((name) => `${name}-${RUN_ID}-${nextUser}`) as { [Index in keyof Names]: string };
}

/** One received message. */
export interface ReceivedMessage {
  from: string;
  data: string;
}

/** Registers a handler on `transport` and returns the array it fills. */
export function collectMessages(transport: Transport): ReceivedMessage[] {
  const received: ReceivedMessage[] = [];
  transport.onMessage((from, data) => received.push({ from, data }));
  return received;
}

/** How long a condition may take before the test fails, generous for 2 busy cores. */
const PATIENCE_MS = 8000;

/**
 * Resolves once `condition` holds; fails the test with `description` if it
 * never does. A wait for an event, not a timing assertion.
 */
export async function waitFor(condition: () => boolean, description: string): Promise<void> {
  const deadline = Date.now() + PATIENCE_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`);
    await sleep(10);
  }
}

/** Retries `attempt` until it stops throwing, for effects that travel through a network. */
export async function eventually<T>(attempt: () => Promise<T>, description: string): Promise<T> {
  const deadline = Date.now() + PATIENCE_MS;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`timed out waiting until ${description}`, { cause: error });
      await sleep(25);
    }
  }
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
