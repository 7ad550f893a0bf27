import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, canCall, localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';

const caller = () =>
  createActor(localInvitationMachine, { input: { id: 'inv', deviceId: 'phone', calleeId: 'bob', timeouts: DEFAULT_TIMEOUTS } }).start();
const callee = () =>
  createActor(remoteInvitationMachine, {
    input: {
      id: 'inv',
      deviceId: 'laptop',
      callerId: 'alice',
      callerDeviceId: 'phone',
      content: '',
      channelId: '',
      timeouts: DEFAULT_TIMEOUTS,
    },
  }).start();

describe('canCall', () => {
  it('is true exactly where the caller’s call would answer OK, and changes nothing', () => {
    const actor = caller();
    expect(canCall(actor.getSnapshot(), { type: 'SEND' })).toBe(true);
    expect(canCall(actor.getSnapshot(), { type: 'CANCEL' })).toBe(false);
    expect(actor.getSnapshot().value).toBe('IDLE');
    actor.send({ type: 'SEND' });
    expect(canCall(actor.getSnapshot(), { type: 'SEND' })).toBe(false);
    expect(canCall(actor.getSnapshot(), { type: 'CANCEL' })).toBe(true);
    expect(canCall(actor.getSnapshot(), { type: 'CANCEL', reason: 'x'.repeat(65) })).toBe(false);
    actor.send({ type: 'PEER_ACCEPTED', device: 'laptop', response: '' });
    expect(canCall(actor.getSnapshot(), { type: 'CANCEL' })).toBe(false);
    // XState's own can() is true even here: the ended state answers ALREADY_END.
    expect(actor.getSnapshot().can({ type: 'CANCEL' })).toBe(true);
    actor.stop();
  });

  it('is true exactly where the callee’s call would answer OK', () => {
    const actor = callee();
    expect(canCall(actor.getSnapshot(), { type: 'ACCEPT' })).toBe(true);
    expect(canCall(actor.getSnapshot(), { type: 'ACCEPT', response: 'x'.repeat(8193) })).toBe(false);
    expect(canCall(actor.getSnapshot(), { type: 'IGNORE' })).toBe(true);
    actor.send({ type: 'ACCEPT' });
    expect(canCall(actor.getSnapshot(), { type: 'REFUSE' })).toBe(false);
    expect(canCall(actor.getSnapshot(), { type: 'IGNORE' })).toBe(false);
    actor.stop();
  });
});
