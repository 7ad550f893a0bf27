/**
 * Item 1: complete accepted lifecycles per second, statecharts against the
 * hand-written baseline, in one process. After a warm-up, many rounds
 * alternate between the contenders (the order reversed every other round) so
 * that drift (JIT warm-up, CPU frequency, another process on the machine)
 * lands on all; each round's ratio compares runs a second apart. Every figure
 * is the median with a 95% bootstrap confidence interval and the range.
 * Wall time on a shared machine stays noisy: `lifecycle-instructions` counts
 * instructions for the same ratio.
 *
 * Four contenders: the kit (`statecharts`), the hand-written baseline, the
 * charts alone on XState's actors (`charts-only`, no kit), and the same
 * charts-alone loop on the table evaluator (`charts-table`,
 * bench/lib/table-evaluator.ts: the charts compiled from the same machine
 * definitions into flat tables, without XState's runtime; not shipped).
 */
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { KIT_FACTORIES, type Implementation } from '../lib/kits.js';
import { TABLE_RUNTIME, runChartsOnlyLifecycles } from '../lib/charts-only-driver.js';
import { DEFAULT_TIMEOUTS } from '../../machines/constants.js';
import { runAcceptedLifecycles } from '../lib/lifecycle-driver.js';
import { median, round, spread, type Spread } from '../lib/statistics.js';

const parameters = itemParameters({ lifecyclesPerRound: 5_000, rounds: 15, warmupRounds: 2, inFlight: 64 });

type Contender = Implementation | 'charts-only' | 'charts-table';

export interface LifecycleThroughputResult {
  readonly lifecyclesPerRound: number;
  readonly rounds: number;
  readonly inFlight: number;
  /** Median round; `charts-only` is the two charts without the kit (the XState ceiling), `charts-table` the same on the table evaluator. */
  readonly lifecyclesPerSecond: Readonly<Record<Contender, number>>;
  readonly roundsPerSecond: Readonly<Record<Contender, readonly number[]>>;
  /** Statecharts (the kit) over hand-written, median of the per-round ratios; the target is at least 0.5. */
  readonly ratio: number;
  /** Charts alone over hand-written: the best ratio any kit on XState's actors could reach. */
  readonly chartsOnlyRatio: number;
  /** Each contender's rounds: median, 95% confidence interval of the median, range. */
  readonly spread: Readonly<Record<Contender, Spread>>;
  /** The per-round ratios, kit over hand-written, with their spread; `ratio` is its median. */
  readonly ratioSpread: Spread;
  readonly chartsOnlyRatioSpread: Spread;
  /** The table evaluator's charts alone over hand-written, per round. */
  readonly chartsTableRatioSpread: Spread;
  /** The table evaluator's charts alone over XState's charts alone, per round: what leaving XState's runtime gains. */
  readonly chartsTableOverChartsOnlySpread: Spread;
}

async function oneRound(contender: Contender, lifecycles: number): Promise<number> {
  if (contender === 'charts-only') return runChartsOnlyLifecycles(lifecycles, parameters.inFlight);
  if (contender === 'charts-table') return runChartsOnlyLifecycles(lifecycles, parameters.inFlight, DEFAULT_TIMEOUTS, TABLE_RUNTIME);
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
  const implementations: Contender[] = ['statecharts', 'hand-written', 'charts-only', 'charts-table'];
  // Warm-up: let the JIT see both before anything is timed.
  for (let warmup = 0; warmup < parameters.warmupRounds; warmup++) {
    for (const implementation of implementations) await oneRound(implementation, parameters.lifecyclesPerRound);
  }
  const perRound: Record<Contender, number[]> = { statecharts: [], 'hand-written': [], 'charts-only': [], 'charts-table': [] };
  for (let index = 0; index < parameters.rounds; index++) {
    const order = index % 2 === 0 ? implementations : [...implementations].reverse();
    for (const implementation of order) {
      globalThis.gc?.();
      perRound[implementation].push(await oneRound(implementation, parameters.lifecyclesPerRound));
    }
    progress(
      `lifecycles round ${index + 1}/${parameters.rounds}: statecharts ${Math.round(perRound.statecharts.at(-1) ?? 0)}/s, ` +
        `hand-written ${Math.round(perRound['hand-written'].at(-1) ?? 0)}/s, charts only ${Math.round(perRound['charts-only'].at(-1) ?? 0)}/s, ` +
        `charts as tables ${Math.round(perRound['charts-table'].at(-1) ?? 0)}/s`,
    );
  }
  /** One contender over another, round by round. */
  const ratiosOf = (numerator: Contender, denominator: Contender) =>
    perRound[numerator].map((rate, index) => rate / (perRound[denominator][index] ?? Number.NaN));
  const ratios = ratiosOf('statecharts', 'hand-written');
  const chartsOnlyRatios = ratiosOf('charts-only', 'hand-written');
  const chartsTableRatios = ratiosOf('charts-table', 'hand-written');
  const tableOverXState = ratiosOf('charts-table', 'charts-only');
  const statecharts = median(perRound.statecharts);
  const handWritten = median(perRound['hand-written']);
  const chartsOnly = median(perRound['charts-only']);
  return {
    ...parameters,
    lifecyclesPerSecond: {
      statecharts: Math.round(statecharts),
      'hand-written': Math.round(handWritten),
      'charts-only': Math.round(chartsOnly),
      'charts-table': Math.round(median(perRound['charts-table'])),
    },
    roundsPerSecond: {
      statecharts: perRound.statecharts.map(Math.round),
      'hand-written': perRound['hand-written'].map(Math.round),
      'charts-only': perRound['charts-only'].map(Math.round),
      'charts-table': perRound['charts-table'].map(Math.round),
    },
    // Rounds are paired: each ratio compares runs a second apart, which cancels load from other processes.
    ratio: round(median(ratios)),
    chartsOnlyRatio: round(median(chartsOnlyRatios)),
    spread: {
      statecharts: spread(perRound.statecharts, 0),
      'hand-written': spread(perRound['hand-written'], 0),
      'charts-only': spread(perRound['charts-only'], 0),
      'charts-table': spread(perRound['charts-table'], 0),
    },
    ratioSpread: spread(ratios),
    chartsOnlyRatioSpread: spread(chartsOnlyRatios),
    chartsTableRatioSpread: spread(chartsTableRatios),
    chartsTableOverChartsOnlySpread: spread(tableOverXState),
  };
});
