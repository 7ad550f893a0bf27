import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, createCallHarness, settle } from '../support/call-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('kit.close()', () => {
  it('ends pending local invitations with NOT_LOGGEDIN, once, and leaves no timer', async () => {
    const harness = createCallHarness();
    const ringing = call(harness);
    const idle = harness.alice.createLocalInvitation('bob');
    await settle(5);
    await harness.alice.close();
    await settle(0);
    expect(ringing.state).toBe('FAILURE');
    expect(ringing.failureReason).toBe('NOT_LOGGEDIN');
    expect(idle.failureReason).toBe('NOT_LOGGEDIN');
    expect(harness.log.filter((entry) => entry.startsWith('alice:failure'))).toEqual(['alice:failure(NOT_LOGGEDIN)']);
    expect(ringing.send()).toBe('ALREADY_END');
    await harness.bob.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('tells the callee, so that it stops ringing', async () => {
    const harness = createCallHarness();
    call(harness);
    await settle(5);
    await harness.alice.close();
    await settle(5);
    expect(harness.incoming[0]?.state).toBe('FAILURE');
    expect(harness.incoming[0]?.failureReason).toBe('INVITATION_EXPIRE');
    await harness.bob.close();
  });

  it('ends ringing remote invitations with NOT_LOGGEDIN', async () => {
    const harness = createCallHarness();
    call(harness);
    await settle(5);
    await harness.bob.close();
    await settle(0);
    expect(harness.incoming[0]?.failureReason).toBe('NOT_LOGGEDIN');
    await harness.alice.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses new invitations and ignores further messages', async () => {
    const harness = createCallHarness();
    await harness.close();
    expect(() => harness.alice.createLocalInvitation('bob')).toThrow(/closed/);
    await expect(harness.alice.close()).resolves.toBeUndefined();
  });
});
