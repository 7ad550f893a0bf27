import { describe, expect, it } from 'vitest';
import { call, callbacksOf, settle, useCallHarnesses } from '../support/call-harness.js';

const harnesses = useCallHarnesses();

describe('a call that is accepted', () => {
  it('ends ACCEPTED_BY_REMOTE for the caller and ACCEPTED for the callee, with the response', async () => {
    const harness = harnesses.create({ onIncoming: (invitation) => invitation.accept('see you') });
    const invitation = call(harness, { content: '{"video":true}', channelId: 'room-1' });
    await settle(20);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(invitation.response).toBe('see you');
    const [remote] = harness.incoming;
    expect(remote?.state).toBe('ACCEPTED');
    expect(remote?.content).toBe('{"video":true}');
    expect(remote?.channelId).toBe('room-1');
    expect(remote?.callerId).toBe('alice');
    expect(remote?.id).toBe(invitation.id);
  });

  it('tells the caller receivedByPeer before accepted, and the callee accepted only after the confirmation', async () => {
    const harness = harnesses.create({ onIncoming: (invitation) => invitation.accept('ok') });
    call(harness);
    await settle(20);
    expect(harness.log).toEqual([
      'bob:remoteInvitationReceived',
      'alice:receivedByPeer',
      'alice:accepted(ok)',
      'bob:accepted',
    ]);
  });

  it('keeps the callee in ACCEPT_SENT_TO_LOCAL until the confirmation arrives', async () => {
    const harness = harnesses.create({ network: { latency: { minMs: 10, maxMs: 10 } } });
    const invitation = call(harness);
    await settle(15);
    const remote = harness.incoming[0]!;
    expect(remote.accept()).toBe('OK');
    expect(remote.state).toBe('ACCEPT_SENT_TO_LOCAL');
    await settle(15);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(remote.state).toBe('ACCEPT_SENT_TO_LOCAL');
    await settle(15);
    expect(remote.state).toBe('ACCEPTED');
  });

  it('uses the response property when accept() gets no argument', async () => {
    const harness = harnesses.create({
      onIncoming: (invitation) => {
        invitation.response = 'from the property';
        invitation.accept();
      },
    });
    const invitation = call(harness);
    await settle(20);
    expect(invitation.response).toBe('from the property');
  });
});

describe('a call that is refused', () => {
  it('ends REFUSED_BY_REMOTE and REFUSED, with the response, receivedByPeer first', async () => {
    const harness = harnesses.create({ onIncoming: (invitation) => invitation.refuse('busy') });
    const invitation = call(harness);
    await settle(20);
    expect(invitation.state).toBe('REFUSED_BY_REMOTE');
    expect(invitation.response).toBe('busy');
    expect(harness.incoming[0]?.state).toBe('REFUSED');
    expect(callbacksOf(harness.log, 'alice')).toEqual(['alice:receivedByPeer', 'alice:refused(busy)']);
    expect(callbacksOf(harness.log, 'bob')).toEqual(['bob:remoteInvitationReceived', 'bob:refused']);
  });
});

describe('a call that is canceled', () => {
  it('ends CANCELED on both sides, the callee told first', async () => {
    const harness = harnesses.create();
    const invitation = call(harness);
    await settle(20);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    expect(invitation.cancel()).toBe('OK');
    await settle(20);
    expect(invitation.state).toBe('CANCELED');
    expect(harness.incoming[0]?.state).toBe('CANCELED');
    expect(harness.log).toEqual([
      'bob:remoteInvitationReceived',
      'alice:receivedByPeer',
      'bob:canceled',
      'alice:canceled',
    ]);
  });

  it('keeps the public state RECEIVED_BY_REMOTE until the callee confirms the cancel', async () => {
    const harness = harnesses.create({ network: { latency: { minMs: 10, maxMs: 10 } } });
    const invitation = call(harness);
    await settle(25);
    invitation.cancel();
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    await settle(25);
    expect(invitation.state).toBe('CANCELED');
  });

  it('cancels an invitation that has not reached the callee yet, and it never rings there', async () => {
    const harness = harnesses.create({ network: { latency: { minMs: 10, maxMs: 10 } } });
    const invitation = call(harness);
    expect(invitation.state).toBe('SENT_TO_REMOTE');
    expect(invitation.cancel()).toBe('OK');
    await settle(40);
    expect(invitation.state).toBe('CANCELED');
    // Invite and cancel travel with the same latency, so bob sees the invite then the cancel.
    expect(harness.incoming.every((remote) => remote.state === 'CANCELED')).toBe(true);
    expect(harness.log.at(-1)).toBe('alice:canceled');
  });
});

describe('several invitations at once', () => {
  it('keeps two invitations from the same caller to the same callee apart', async () => {
    const harness = harnesses.create();
    const first = call(harness, { content: 'first' });
    const second = call(harness, { content: 'second' });
    await settle(20);
    expect(harness.incoming.map((remote) => remote.content)).toEqual(['first', 'second']);
    harness.incoming[1]!.accept('yes to the second');
    harness.incoming[0]!.refuse('no to the first');
    await settle(20);
    expect(first.state).toBe('REFUSED_BY_REMOTE');
    expect(first.response).toBe('no to the first');
    expect(second.state).toBe('ACCEPTED_BY_REMOTE');
    expect(second.response).toBe('yes to the second');
    expect(first.id).not.toBe(second.id);
  });

  it('lets one caller ring several callees and each answer independently', async () => {
    const harness = harnesses.create();
    const carol = harness.network.connect('carol');
    const { createCallKit } = await import('../../index.js');
    const carolKit = createCallKit({ userId: 'carol', transport: carol });
    carolKit.on('remoteInvitationReceived', (invitation) => invitation.refuse('later'));
    harness.bob.on('remoteInvitationReceived', (invitation) => invitation.accept('now'));
    const toBob = harness.alice.createLocalInvitation('bob');
    const toCarol = harness.alice.createLocalInvitation('carol');
    toBob.send();
    toCarol.send();
    await settle(20);
    expect(toBob.state).toBe('ACCEPTED_BY_REMOTE');
    expect(toCarol.state).toBe('REFUSED_BY_REMOTE');
    expect(toCarol.response).toBe('later');
    await carolKit.close();
  });
});
