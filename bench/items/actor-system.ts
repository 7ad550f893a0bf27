/**
 * Item 2, "one actor system per kit": what XState 5 charges per invitation
 * when every invitation is the root of its own actor system (what the kit
 * does), against two ways of putting a kit's invitations in one system:
 *
 * - `spawned`: children of a kit-level machine, started with `spawnChild` and
 *   stopped with `stopChild` (the documented way);
 * - `shared-parent`: `createActor(logic, { parent })`, the option `spawnChild`
 *   itself uses, stopped the way `stopChild` does it (`_stop()`, internal).
 *
 * For each, `live` callee charts are started (each ringing, one timer armed),
 * then stopped; reported per actor: heap, time to start, time to stop. A cost
 * that grows with `live` is a cost that grows with the number of ringing
 * invitations.
 */
import { createActor, setup, spawnChild, stopChild, type AnyActorRef } from 'xstate';
import { remoteInvitationMachine } from '../../machines/remote-invitation.machine.js';
import { calleeChartInput } from '../lib/chart-inputs.js';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { collectedHeapBytes } from '../lib/heap.js';
import { round } from '../lib/statistics.js';

// Spawning and stopping children cost time in proportion to the children already there, so the
// `spawned` variant stops at `spawnedUpTo` live actors: at 10,000 it took 4 ms to start and 16 ms to stop each.
const parameters = itemParameters({ sizes: [1_000, 3_000, 10_000], spawnedUpTo: 3_000 });

export type SystemVariant = 'own-system' | 'shared-parent' | 'spawned';

export interface ActorSystemRow {
  readonly variant: SystemVariant;
  readonly live: number;
  readonly heapBytesPerActor: number;
  readonly startMicroseconds: number;
  readonly stopMicroseconds: number;
}

export interface ActorSystemResult {
  readonly rows: readonly ActorSystemRow[];
}

const input = (index: number) => calleeChartInput(`i${index}`);

/** A kit-level machine whose only job is to own the invitations as children. */
const kitMachine = setup({
  types: { events: {} as { type: 'START'; index: number } | { type: 'STOP'; index: number } },
  actors: { invitation: remoteInvitationMachine },
}).createMachine({
  on: {
    START: { actions: spawnChild('invitation', { id: ({ event }) => `i${event.index}`, input: ({ event }) => input(event.index) }) },
    STOP: { actions: stopChild(({ event }) => `i${event.index}`) },
  },
});

interface Harness {
  start(index: number): void;
  stop(index: number): void;
  close(): void;
}

function harness(variant: SystemVariant): Harness {
  if (variant === 'own-system') {
    const actors: AnyActorRef[] = [];
    return {
      start: (index) => void (actors[index] = createActor(remoteInvitationMachine, { input: input(index) }).start()),
      stop: (index) => actors[index]?.stop(),
      close: () => {},
    };
  }
  if (variant === 'shared-parent') {
    const root = createActor(setup({}).createMachine({})).start();
    const actors: AnyActorRef[] = [];
    return {
      start: (index) => void (actors[index] = createActor(remoteInvitationMachine, { input: input(index), parent: root }).start()),
      // What stopChild does; a child's public stop() throws ("A non-root actor cannot be stopped directly").
      stop: (index) => void (actors[index] as unknown as { _stop(): void } | undefined)?._stop(),
      close: () => root.stop(),
    };
  }
  const kit = createActor(kitMachine).start();
  return {
    start: (index) => kit.send({ type: 'START', index }),
    stop: (index) => kit.send({ type: 'STOP', index }),
    close: () => kit.stop(),
  };
}

async function measure(variant: SystemVariant, live: number): Promise<ActorSystemRow> {
  const subject = harness(variant);
  const before = await collectedHeapBytes();
  let startedAt = performance.now();
  for (let index = 0; index < live; index++) subject.start(index);
  const startMs = performance.now() - startedAt;
  const after = await collectedHeapBytes();
  startedAt = performance.now();
  for (let index = 0; index < live; index++) subject.stop(index);
  const stopMs = performance.now() - startedAt;
  subject.close();
  return {
    variant,
    live,
    heapBytesPerActor: Math.round((after - before) / live),
    startMicroseconds: round((startMs * 1000) / live, 1),
    stopMicroseconds: round((stopMs * 1000) / live, 1),
  };
}

runAsItem(async (): Promise<ActorSystemResult> => {
  const rows: ActorSystemRow[] = [];
  const variants: SystemVariant[] = ['own-system', 'shared-parent', 'spawned'];
  // Warm-up, so that the first size is not the JIT's.
  for (const variant of variants) await measure(variant, 1_000);
  for (const live of parameters.sizes) {
    for (const variant of variants) {
      if (variant === 'spawned' && live > parameters.spawnedUpTo) continue;
      const row = await measure(variant, live);
      rows.push(row);
      progress(`${variant} × ${live}: ${row.heapBytesPerActor} B, start ${row.startMicroseconds} µs, stop ${row.stopMicroseconds} µs per actor`);
    }
  }
  return { rows };
});
