/**
 * Runs under callgrind for `lifecycle-instructions`: one contender completes
 * `lifecycles` accepted lifecycles (64 in flight, zero-latency in-memory
 * network), every invitation then settles, and the process exits. Nothing is
 * timed: callgrind counts the instructions.
 */
import { runChartsOnlyLifecycles } from '../lib/charts-only-driver.js';
import { KIT_FACTORIES, type Implementation } from '../lib/kits.js';
import { runAcceptedLifecycles } from '../lib/lifecycle-driver.js';
import { until } from '../lib/statistics.js';

const { contender, lifecycles } = JSON.parse(process.argv[2] ?? '{}') as {
  contender: Implementation | 'charts-only';
  lifecycles: number;
};

async function main(): Promise<void> {
  if (contender === 'charts-only') {
    await runChartsOnlyLifecycles(lifecycles, 64);
    return;
  }
  const run = await runAcceptedLifecycles({
    createKit: KIT_FACTORIES[contender],
    lifecycles,
    inFlight: 64,
    // Short linger so that settling, part of every lifecycle, is inside the count.
    timeouts: { lingerMs: 20, confirmMs: 10 },
  });
  const { caller, callee } = run;
  await until(
    () => caller.stats().liveLocalInvitations === 0 && callee.stats().liveRemoteInvitations === 0,
    'every lifecycle settles',
    600_000,
  );
  await Promise.all([caller.close(), callee.close()]);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
