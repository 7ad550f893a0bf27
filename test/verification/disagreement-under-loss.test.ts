/**
 * Invariant 3 under loss, measured. `npm test` runs a small sample and checks
 * only the kind of every disagreement; `npm run measure:disagreement` runs a
 * large one (CALL_INVITATION_DISAGREEMENT_CALLS) and the printed rates go to
 * docs/invariants.md.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { measureDisagreement } from './disagreement.js';
import { PERMITTED_LOSSY_DISAGREEMENT } from './invariants.js';

const CALLS_PER_LOSS_RATE = Number(process.env.CALL_INVITATION_DISAGREEMENT_CALLS ?? 300);
const SEED = Number(process.env.FC_SEED ?? 7);
const PERMITTED = `${PERMITTED_LOSSY_DISAGREEMENT.caller} / ${PERMITTED_LOSSY_DISAGREEMENT.callee}`;

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('disagreement under loss (invariant 3)', () => {
  for (const lossRate of [0.01, 0.1, 0.3]) {
    it(`at ${lossRate * 100} % loss, the only disagreement is caller accepted / callee ACCEPT_FAILURE`, async () => {
      const measurement = await measureDisagreement(lossRate, CALLS_PER_LOSS_RATE, SEED);
      const disagreeing = Object.values(measurement.disagreements).reduce((sum, count) => sum + count, 0);
      console.info(
        `loss ${lossRate * 100} %: ${measurement.calls} calls, seed ${SEED}, caller accepted ${measurement.callerAccepted}, ` +
          `disagreements ${disagreeing} (${((100 * disagreeing) / measurement.calls).toFixed(3)} % of calls, ` +
          `${((100 * disagreeing) / Math.max(1, measurement.callerAccepted)).toFixed(3)} % of caller-accepted calls) ` +
          JSON.stringify(measurement.disagreements),
      );
      expect(Object.keys(measurement.disagreements).filter((kind) => kind !== PERMITTED)).toEqual([]);
    });
  }
});
