/**
 * `RESTORED` re-arms a rehydrated chart's own delayed transitions, and only
 * those: whatever a restored snapshot or a host puts in it, no other event
 * can be raised through it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { DEFAULT_TIMEOUTS, localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import { timersToRearm } from '../../machines/resume-timers.js';

const callerInput = { id: 'inv', deviceId: 'phone', calleeId: 'bob', content: 'hi', channelId: 'room', timeouts: DEFAULT_TIMEOUTS };
const calleeInput = { id: 'inv', deviceId: 'laptop', callerId: 'alice', callerDeviceId: 'phone', content: 'hi', channelId: 'room', timeouts: DEFAULT_TIMEOUTS };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('timersToRearm', () => {
  it('keeps the delayed transitions of a RESTORED event and nothing else', () => {
    const own = { event: 'xstate.after.answerTimeout.remoteInvitation.INVITATION_RECEIVED', delayMs: 5 };
    const foreign = { event: 'PEER_CONFIRMED', delayMs: 0 };
    expect(timersToRearm({ type: 'RESTORED', timers: [foreign, own] })).toEqual([own]);
    expect(timersToRearm({ type: 'PEER_INVITED' })).toEqual([]);
  });
});

describe('RESTORED in the charts', () => {
  it('lets a timer named after another event raise nothing: the callee keeps ringing', async () => {
    const actor = createActor(remoteInvitationMachine, { input: calleeInput }).start();
    actor.send({ type: 'RESTORED', timers: [{ event: 'KIT_CLOSED', delayMs: 0 }] });
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().value).toBe('INVITATION_RECEIVED');
  });

  it('re-arms the caller’s own acknowledgement timeout with the time left', async () => {
    const actor = createActor(localInvitationMachine, { input: callerInput }).start();
    actor.send({ type: 'SEND' });
    const timer = { event: 'xstate.after.acknowledgeTimeout.localInvitation.SENT_TO_REMOTE', delayMs: 10 };
    actor.send({ type: 'RESTORED', timers: [timer, { event: 'KIT_CLOSED', delayMs: 0 }] });
    await vi.advanceTimersByTimeAsync(9);
    expect(actor.getSnapshot().value).toEqual({ SENT_TO_REMOTE: 'awaitingReceipt' });
    await vi.advanceTimersByTimeAsync(1);
    expect(actor.getSnapshot().value).not.toEqual({ SENT_TO_REMOTE: 'awaitingReceipt' });
    expect(actor.getSnapshot().hasTag('ended')).toBe(true);
  });
});
