/**
 * Runs under callgrind for `lifecycle-instructions`: one contender completes
 * `lifecycles` accepted lifecycles (64 in flight, zero-latency in-memory
 * network), every invitation then settles, and the process exits. Nothing is
 * timed: callgrind counts the instructions.
 */
import { DEFAULT_TIMEOUTS } from '../../machines/constants.js';
import { TABLE_RUNTIME, XSTATE_RUNTIME, runChartsOnlyLifecycles } from '../lib/charts-only-driver.js';
import { KIT_FACTORIES, type Implementation } from '../lib/kits.js';
import { runAcceptedLifecycles } from '../lib/lifecycle-driver.js';
import { until } from '../lib/statistics.js';

const { contender, lifecycles } = JSON.parse(process.argv[2] ?? '{}') as {
  contender: Implementation | 'charts-only' | 'charts-table';
  lifecycles: number;
};

// Under callgrind a lifecycle takes about fifty times as long, and how much longer depends on the machine's
// load: a re-send or acknowledgement timer that fires in one run and not in another would add work to the
// count. So no timer but the short linger (and the confirmation window before it) can fire during a run.
const NO_TIMER_FIRES_MS = 3_600_000;
const timeouts = {
  acknowledgeMs: NO_TIMER_FIRES_MS,
  answerMs: NO_TIMER_FIRES_MS,
  resendMs: NO_TIMER_FIRES_MS,
  confirmMs: 10,
  lingerMs: 20,
};

async function main(): Promise<void> {
  if (contender === 'charts-only' || contender === 'charts-table') {
    const runtime = contender === 'charts-only' ? XSTATE_RUNTIME : TABLE_RUNTIME;
    await runChartsOnlyLifecycles(lifecycles, 64, { ...DEFAULT_TIMEOUTS, ...timeouts }, runtime);
    return;
  }
  const run = await runAcceptedLifecycles({
    createKit: KIT_FACTORIES[contender],
    lifecycles,
    inFlight: 64,
    // Short linger so that settling, part of every lifecycle, is inside the count.
    timeouts,
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
