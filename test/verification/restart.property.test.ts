import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkEachEndsOnce, checkNoOneConnectsAlone, restartScenarioArbitrary, runRestartCall } from './restart.js';
import { propertyParameters } from './run-settings.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('kills and restores of either side (invariant 10)', () => {
  it('ends each side exactly once across its restarts, and connects a callee device only if the caller took it', async () => {
    let restored = 0;
    await fc.assert(
      fc.asyncProperty(restartScenarioArbitrary(), async (scenario) => {
        const outcome = await runRestartCall(scenario);
        restored += outcome.restoredInvitations;
        expect(outcome.restoreDrops).toEqual([]);
        expect([...checkEachEndsOnce(outcome), ...checkNoOneConnectsAlone(outcome)]).toEqual([]);
      }),
      propertyParameters(150),
    );
    // The runs did restore invitations, mid-call: the property was not checked on empty kits only.
    expect(restored).toBeGreaterThan(0);
  });
});
