/**
 * Item 2, second half: many completed lifecycles through one long-lived pair
 * of kits leave no growth. Runs in batches; after each, waits until every
 * invitation has settled, collects garbage and records the heap.
 */
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { collectedHeapBytes } from '../lib/heap.js';
import { KIT_FACTORIES, type Implementation } from '../lib/kits.js';
import { runAcceptedLifecycles } from '../lib/lifecycle-driver.js';
import { until } from '../lib/statistics.js';

const parameters = itemParameters({ batches: 10, lifecyclesPerBatch: 10_000, implementation: 'statecharts' as Implementation });
const LINGER_MS = 200;
// Kept below the linger period, as the kit requires; only the happy path runs here, so it never fires.
const CONFIRM_MS = 100;

export interface LifecycleGrowthResult {
  readonly implementation: Implementation;
  readonly batches: number;
  readonly lifecyclesPerBatch: number;
  readonly totalLifecycles: number;
  readonly lingerMs: number;
  readonly heapBeforeBytes: number;
  /** Heap after each batch, every invitation settled, after GC. */
  readonly heapAfterBatchBytes: readonly number[];
  /** Last batch minus the middle one: the first half includes warm-up and the callee's memory of ended ids filling up to its bound. */
  readonly growthBytes: number;
  /** The batch (1-based) growth is measured from. */
  readonly referenceBatch: number;
  readonly growthBytesPerLifecycle: number;
  readonly elapsedMs: number;
}

runAsItem(async (): Promise<LifecycleGrowthResult> => {
  const createKit = KIT_FACTORIES[parameters.implementation];
  const options = {
    createKit,
    lifecycles: parameters.lifecyclesPerBatch,
    inFlight: 64,
    timeouts: { lingerMs: LINGER_MS, confirmMs: CONFIRM_MS },
    // The default: it also bounds the callee's memory of ended ids, whose plateau this item checks.
    maxIncomingInvitations: 10_000,
  };
  const heapBeforeBytes = await collectedHeapBytes();
  const startedAt = performance.now();
  const heapAfterBatchBytes: number[] = [];
  let kits: Awaited<ReturnType<typeof runAcceptedLifecycles>> | undefined;
  for (let batch = 0; batch < parameters.batches; batch++) {
    kits = await runAcceptedLifecycles(options, kits);
    const { caller, callee } = kits;
    await until(
      () => caller.stats().liveLocalInvitations === 0 && callee.stats().liveRemoteInvitations === 0,
      'every lifecycle of the batch settles',
      60_000,
    );
    heapAfterBatchBytes.push(await collectedHeapBytes());
    progress(`growth batch ${batch + 1}/${parameters.batches}: heap ${(heapAfterBatchBytes.at(-1)! / 1e6).toFixed(1)} MB`);
  }
  const elapsedMs = performance.now() - startedAt;
  await Promise.all([kits?.caller.close(), kits?.callee.close()]);
  const referenceBatch = Math.floor(parameters.batches / 2);
  const reference = heapAfterBatchBytes[Math.max(0, referenceBatch - 1)] ?? 0;
  const growthBytes = (heapAfterBatchBytes.at(-1) ?? 0) - reference;
  const measuredLifecycles = (parameters.batches - referenceBatch) * parameters.lifecyclesPerBatch;
  return {
    ...parameters,
    totalLifecycles: parameters.batches * parameters.lifecyclesPerBatch,
    lingerMs: LINGER_MS,
    heapBeforeBytes,
    heapAfterBatchBytes,
    referenceBatch,
    growthBytes,
    growthBytesPerLifecycle: measuredLifecycles > 0 ? Math.round((growthBytes / measuredLifecycles) * 100) / 100 : 0,
    elapsedMs: Math.round(elapsedMs),
  };
});
