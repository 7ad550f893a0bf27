/**
 * Model-based tests (fc.commands + fc.asyncModelRun): each chart, driven
 * through the kit, against a reference model written from SPEC.md.
 * Invariants 1, 2 (one ending per side) and 4 at the level of one invitation.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { calleeModelProperty, callerModelProperty } from './reference-models.js';
import { propertyParameters } from './run-settings.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('each chart behaves as its reference model', () => {
  it('the caller: state, failure reason, API answers and one ending after every step', async () => {
    await fc.assert(callerModelProperty(), propertyParameters(150));
  });

  it('the callee: state, failure reason, API answers and one ending after every step', async () => {
    await fc.assert(calleeModelProperty(), propertyParameters(150));
  });
});
