/** Invariant 5: payloads up to the limits arrive byte-exact; over them, INVALID_ARGUMENT and silence. */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { payloadsOverLimitsProperty, payloadsWithinLimitsProperty } from './payload-limits.js';
import { propertyParameters } from './run-settings.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('payload fidelity at the limits (invariant 5)', () => {
  it('delivers content, channelId and response of any valid UTF-8 up to the limits byte-exact', async () => {
    await fc.assert(payloadsWithinLimitsProperty(), propertyParameters(60));
  });

  it('answers INVALID_ARGUMENT one byte over a limit, stays put and sends nothing', async () => {
    await fc.assert(payloadsOverLimitsProperty(), propertyParameters(60));
  });
});
