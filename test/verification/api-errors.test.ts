/** Invariant 4: every API call in every state returns what the reference table (api-error-table.ts) says. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { calleeApiMismatches, callerApiMismatches } from './api-error-check.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('API answers match the reference table (invariant 4)', () => {
  it('caller: send and cancel in every state, CANCELING included, before and after settling', async () => {
    expect(await callerApiMismatches()).toEqual([]);
  });

  it('callee: accept and refuse, with valid and oversized responses, in every state', async () => {
    expect(await calleeApiMismatches()).toEqual([]);
  });
});
