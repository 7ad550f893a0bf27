import { afterEach, beforeEach, vi } from 'vitest';

/** Moves fake time on by `ms`, running every timer and microtask due on the way. */
export const tick = (ms: number) => vi.advanceTimersByTimeAsync(ms);

/**
 * For a test file: every test runs on fake timers, and whatever timer is still
 * pending afterwards is cleared, even when the test failed half-way, so that
 * nothing leaks into the next test.
 */
export function useFakeTimersInEveryTest(): void {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.clearAllTimers();
    vi.useRealTimers();
  });
}
