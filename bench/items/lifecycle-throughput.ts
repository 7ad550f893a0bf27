/**
 * Item 1: complete accepted lifecycles per second, statecharts against the
 * hand-written baseline, in one process. Rounds alternate between the two so
 * that drift (JIT warm-up, CPU frequency, another process on the machine)
 * lands on both; the figure is the median round.
 */
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { KIT_FACTORIES, type Implementation } from '../lib/kits.js';
import { runChartsOnlyLifecycles } from '../lib/charts-only-driver.js';
import { runAcceptedLifecycles } from '../lib/lifecycle-driver.js';
import { median, round } from '../lib/statistics.js';

const parameters = itemParameters({ lifecyclesPerRound: 10_000, rounds: 5, inFlight: 64 });

type Contender = Implementation | 'charts-only';

export interface LifecycleThroughputResult {
  readonly lifecyclesPerRound: number;
  readonly rounds: number;
  readonly inFlight: number;
  /** Median round; `charts-only` is the two charts without the kit (the XState ceiling). */
  readonly lifecyclesPerSecond: Readonly<Record<Contender, number>>;
  readonly roundsPerSecond: Readonly<Record<Contender, readonly number[]>>;
  /** Statecharts (the kit) over hand-written, median of the per-round ratios; the target is at least 0.5. */
  readonly ratio: number;
  /** Charts alone over hand-written: the best ratio any kit on XState's actors could reach. */
  readonly chartsOnlyRatio: number;
}

async function oneRound(contender: Contender, lifecycles: number): Promise<number> {
  if (contender === 'charts-only') return runChartsOnlyLifecycles(lifecycles, parameters.inFlight);
  const implementation = contender;
  const run = await runAcceptedLifecycles({
    createKit: KIT_FACTORIES[implementation],
    lifecycles,
    inFlight: parameters.inFlight,
  });
  await Promise.all([run.caller.close(), run.callee.close()]);
  return (run.completed / run.elapsedMs) * 1000;
}

runAsItem(async (): Promise<LifecycleThroughputResult> => {
  const implementations: Contender[] = ['statecharts', 'hand-written', 'charts-only'];
  // Warm-up: let the JIT see both before anything is timed.
  for (const implementation of implementations) await oneRound(implementation, parameters.lifecyclesPerRound / 4);
  const perRound: Record<Contender, number[]> = { statecharts: [], 'hand-written': [], 'charts-only': [] };
  for (let index = 0; index < parameters.rounds; index++) {
    const order = index % 2 === 0 ? implementations : [...implementations].reverse();
    for (const implementation of order) {
      globalThis.gc?.();
      perRound[implementation].push(await oneRound(implementation, parameters.lifecyclesPerRound));
    }
    progress(
      `lifecycles round ${index + 1}/${parameters.rounds}: statecharts ${Math.round(perRound.statecharts.at(-1) ?? 0)}/s, ` +
        `hand-written ${Math.round(perRound['hand-written'].at(-1) ?? 0)}/s, charts only ${Math.round(perRound['charts-only'].at(-1) ?? 0)}/s`,
    );
  }
  const statecharts = median(perRound.statecharts);
  const handWritten = median(perRound['hand-written']);
  const chartsOnly = median(perRound['charts-only']);
  return {
    ...parameters,
    lifecyclesPerSecond: {
      statecharts: Math.round(statecharts),
      'hand-written': Math.round(handWritten),
      'charts-only': Math.round(chartsOnly),
    },
    roundsPerSecond: {
      statecharts: perRound.statecharts.map(Math.round),
      'hand-written': perRound['hand-written'].map(Math.round),
      'charts-only': perRound['charts-only'].map(Math.round),
    },
    // Rounds are paired: each ratio compares runs a few seconds apart, which cancels load from other processes.
    ratio: round(median(perRound.statecharts.map((rate, index) => rate / (perRound['hand-written'][index] ?? Number.NaN)))),
    chartsOnlyRatio: round(
      median(perRound['charts-only'].map((rate, index) => rate / (perRound['hand-written'][index] ?? Number.NaN))),
    ),
  };
});
