/**
 * Measures invariant 3 under loss: how often the caller ends ACCEPTED_BY_REMOTE
 * while the callee ends otherwise, and of which kind those disagreements are.
 *
 * Conditions: the package's default timeouts (30 s / 60 s / 5 s / 1 s / 10 s),
 * one-way latency uniform in 0–2000 ms (below half the 5 s confirmation
 * timeout), no duplicates, independent loss of each message at `lossRate`.
 * Every callee accepts after a delay uniform in 0–20 s; nobody cancels.
 */
import { DEFAULT_TIMEOUTS } from '../../index.js';
import type { CallPlan, Scenario } from './harness/scenario.js';
import { runScenario } from './harness/world.js';
import { disagreementsOf, endingOf } from './invariants.js';
import { createSeededRandom } from '../../adapters/internal/seeded-random.js';

export const MEASUREMENT_LATENCY = { minMs: 0, maxMs: 2_000 } as const;
const CALLS_PER_RUN = 50;

export interface DisagreementMeasurement {
  readonly lossRate: number;
  readonly calls: number;
  /** Calls the caller saw accepted. */
  readonly callerAccepted: number;
  /** Calls with exactly one side accepted, by "caller ending / callee ending". */
  readonly disagreements: Readonly<Record<string, number>>;
}

/** Runs `calls` calls in runs of 50 independent pairs. Needs vitest fake timers. */
export async function measureDisagreement(lossRate: number, calls: number, seed: number): Promise<DisagreementMeasurement> {
  const random = createSeededRandom(seed);
  const disagreements: Record<string, number> = {};
  let callerAccepted = 0;
  let measured = 0;
  for (let run = 0; measured < calls; run++) {
    const pairs = Math.min(CALLS_PER_RUN, calls - measured);
    const plans: CallPlan[] = Array.from({ length: pairs }, (_, pair) => ({
      callerIndex: 2 * pair,
      callee: 2 * pair + 1,
      sendAtMs: 0,
      content: '',
      channelId: '',
      cancelAfterMs: undefined,
      answer: { kind: 'accept', afterMs: Math.floor(random() * 20_000), response: '' },
    }));
    const scenario: Scenario = {
      userCount: 2 * pairs,
      calls: plans,
      faults: { latency: MEASUREMENT_LATENCY, lossRate, duplicateRate: 0, seed: seed + run },
      outages: [],
    };
    const outcome = await runScenario(scenario, {}, DEFAULT_TIMEOUTS);
    for (const call of outcome.calls) if (endingOf(outcome, call, 'caller') === 'accepted') callerAccepted++;
    for (const { caller, callee } of disagreementsOf(outcome)) {
      const kind = `${caller} / ${callee}`;
      disagreements[kind] = (disagreements[kind] ?? 0) + 1;
    }
    measured += pairs;
  }
  return { lossRate, calls: measured, callerAccepted, disagreements };
}
