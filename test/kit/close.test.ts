import { describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../adapters/transport.js';
import { createCallKit } from '../../index.js';
import { encodeMessage } from '../../protocol/codec.js';
import type { WireMessage } from '../../protocol/messages.js';
import { call, settle, useCallHarnesses } from '../support/call-harness.js';

const harnesses = useCallHarnesses();

describe('kit.close()', () => {
  it('ends pending local invitations with NOT_LOGGEDIN, once, and leaves no timer', async () => {
    const harness = harnesses.create();
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
    const harness = harnesses.create();
    call(harness);
    await settle(5);
    await harness.alice.close();
    await settle(5);
    expect(harness.incoming[0]?.state).toBe('FAILURE');
    expect(harness.incoming[0]?.failureReason).toBe('INVITATION_EXPIRE');
    await harness.bob.close();
  });

  it('ends ringing remote invitations with NOT_LOGGEDIN', async () => {
    const harness = harnesses.create();
    call(harness);
    await settle(5);
    await harness.bob.close();
    await settle(0);
    expect(harness.incoming[0]?.failureReason).toBe('NOT_LOGGEDIN');
    await harness.alice.close();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('refuses new invitations once closed', async () => {
    const harness = harnesses.create();
    await harness.close();
    expect(() => harness.alice.createLocalInvitation('bob')).toThrow(/closed/);
    await expect(harness.alice.close()).resolves.toBeUndefined();
  });

  it('ignores messages a transport still hands over after close', async () => {
    // A transport that keeps its handlers after close and after unsubscribing, as a buggy one could.
    const handlers: ((from: string, data: string) => void)[] = [];
    const sent: string[] = [];
    const transport: Transport = {
      localId: 'alice',
      send: (_, data) => {
        sent.push(data);
        return Promise.resolve();
      },
      onMessage: (handler) => {
        handlers.push(handler);
        return () => {};
      },
      close: () => Promise.resolve(),
    };
    const alice = createCallKit({ userId: 'alice', transport });
    harnesses.closeAfter(alice);
    const seen: string[] = [];
    alice.on('remoteInvitationReceived', () => seen.push('remoteInvitationReceived'));
    alice.on('messageDropped', (reason) => seen.push(`messageDropped(${reason})`));
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await alice.close();
    await settle(0);
    const sentAtClose = sent.length;
    const deliver = (message: WireMessage) => handlers.forEach((handler) => handler('bob', encodeMessage(message)));
    deliver({ type: 'invite', id: 'from-bob', device: 'bob-phone', content: '', channelId: '' });
    deliver({ type: 'accept', id: invitation.id, device: 'bob-phone', to: alice.deviceId, response: 'late' });
    deliver({ type: 'receipt', id: 'unknown', device: 'bob-phone', to: alice.deviceId });
    await settle(1_000);
    expect(handlers).toHaveLength(1);
    expect(seen).toEqual([]);
    expect(invitation.state).toBe('FAILURE');
    expect(invitation.response).toBe('');
    expect(sent).toHaveLength(sentAtClose);
    expect(alice.stats().dropped).toEqual({});
  });
});
