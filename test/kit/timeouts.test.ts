import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallKit } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { call, createCallHarness, type CallHarness } from '../support/call-harness.js';
import { delayOutgoing, dropOutgoing, recordIncoming } from '../support/faulty-transport.js';
import type { RemoteInvitation } from '../../kit/index.js';
import { tick, useFakeTimersInEveryTest } from '../support/fake-timers.js';

useFakeTimersInEveryTest();

describe('the caller without an acknowledgement', () => {
  it('fails with PEER_OFFLINE after 30 s when the callee is not connected, re-sending all along', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
    const invitation = alice.createLocalInvitation('bob');
    const failures: string[] = [];
    invitation.on('failure', (reason) => failures.push(reason));
    invitation.send();
    await tick(29_999);
    expect(invitation.state).toBe('SENT_TO_REMOTE');
    expect(network.stats().rejectedOffline).toBe(30);
    await tick(1);
    expect(invitation.state).toBe('FAILURE');
    expect(failures).toEqual(['PEER_OFFLINE']);
    await alice.close();
  });

  it('still reaches a callee who connects within the 30 s', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await tick(12_500);
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    const received: string[] = [];
    bob.on('remoteInvitationReceived', (remote) => received.push(remote.id));
    await tick(1_000);
    expect(received).toEqual([invitation.id]);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('fails with PEER_NO_RESPONSE after 30 s when the callee is connected but silent', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
    const frames = recordIncoming(network.connect('bob'));
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await tick(29_999);
    expect(invitation.state).toBe('SENT_TO_REMOTE');
    await tick(1);
    expect(invitation.state).toBe('FAILURE');
    expect(invitation.failureReason).toBe('PEER_NO_RESPONSE');
    // One invite at once and one per second, then a best-effort "expire".
    expect(frames.filter((frame) => frame.type === 'invite')).toHaveLength(30);
    expect(frames.at(-1)?.type).toBe('expire');
    await alice.close();
  });

  it('uses the configured acknowledgement window', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({
      userId: 'alice',
      transport: network.connect('alice'),
      timeouts: { acknowledgeMs: 2_000 },
    });
    const invitation = alice.createLocalInvitation('nobody');
    invitation.send();
    await tick(1_999);
    expect(invitation.state).toBe('SENT_TO_REMOTE');
    await tick(1);
    expect(invitation.failureReason).toBe('PEER_OFFLINE');
    await alice.close();
  });
});

describe('an invitation nobody answers', () => {
  let harness: CallHarness;
  afterEach(async () => {
    await harness.close();
  });

  it('expires on both sides 60 s after it was received', async () => {
    harness = createCallHarness({ network: { latency: { minMs: 50, maxMs: 50 } } });
    const invitation = call(harness);
    await tick(50);
    const remote = harness.incoming[0]!;
    expect(remote.state).toBe('INVITATION_RECEIVED');
    await tick(59_999);
    expect(remote.state).toBe('INVITATION_RECEIVED');
    await tick(1);
    expect(remote.state).toBe('FAILURE');
    expect(remote.failureReason).toBe('INVITATION_EXPIRE');
    // The caller's window opened when the acknowledgement arrived, 50 ms later.
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    await tick(50);
    expect(invitation.state).toBe('FAILURE');
    expect(invitation.failureReason).toBe('INVITATION_EXPIRE');
    expect(harness.log.filter((entry) => entry.includes('failure'))).toEqual([
      'bob:failure(INVITATION_EXPIRE)',
      'alice:failure(INVITATION_EXPIRE)',
    ]);
  });

  it('ends both sides in INVITATION_EXPIRE when an accept reaches a caller that already expired', async () => {
    const network = createMemoryNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const timeouts = { answerMs: 10_000 };
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts });
    // Bob's accepts take half a second longer than anything else.
    const bob = createCallKit({ userId: 'bob', transport: delayOutgoing(network.connect('bob'), ['accept'], 500), timeouts });
    const received: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (remote) => received.push(remote));
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await tick(10);
    // Bob answers 1 ms before his own window closes; alice's closes 10 ms later, before the accept lands.
    await tick(9_999);
    const remote = received[0]!;
    expect(remote.accept('too late?')).toBe('OK');
    await tick(1_000);
    expect(invitation.state).toBe('FAILURE');
    expect(invitation.failureReason).toBe('INVITATION_EXPIRE');
    expect(remote.state).toBe('FAILURE');
    expect(remote.failureReason).toBe('INVITATION_EXPIRE');
    await Promise.all([alice.close(), bob.close()]);
  });
});

describe('the callee waiting for the confirmation', () => {
  it('fails with ACCEPT_FAILURE 5 s after accepting when confirmations never arrive', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: dropOutgoing(network.connect('alice'), ['confirm']) });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    const reasons: string[] = [];
    bob.on('remoteInvitationReceived', (remote) => {
      remote.on('failure', (reason) => reasons.push(reason));
      remote.accept();
    });
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await tick(4_999);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(reasons).toEqual([]);
    await tick(1);
    // The one disagreement loss can cause: the caller counts the call, the callee does not.
    expect(reasons).toEqual(['ACCEPT_FAILURE']);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('fails with PEER_OFFLINE when the caller becomes unreachable before confirming', async () => {
    const network = createMemoryNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    const received: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (remote) => received.push(remote));
    alice.createLocalInvitation('bob').send();
    await tick(10);
    network.disconnect('alice');
    const remote = received[0]!;
    remote.accept();
    await tick(5_000);
    expect(remote.state).toBe('FAILURE');
    expect(remote.failureReason).toBe('PEER_OFFLINE');
    await Promise.all([alice.close(), bob.close()]);
  });

  it('recovers from lost confirmations by re-sending the accept', async () => {
    const network = createMemoryNetwork({ latency: { minMs: 10, maxMs: 10 } });
    // The first two confirmations vanish; the callee's re-sent accepts draw new ones.
    const alice = createCallKit({ userId: 'alice', transport: dropOutgoing(network.connect('alice'), ['confirm'], 2) });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    const received: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (remote) => {
      received.push(remote);
      remote.accept();
    });
    alice.createLocalInvitation('bob').send();
    await tick(2_100);
    expect(received[0]?.state).toBe('ACCEPTED');
    await Promise.all([alice.close(), bob.close()]);
  });
});

describe('ended invitations', () => {
  it('settle after the linger period: the actor is done with the outcome as output, and no timer is left', async () => {
    const harness = createCallHarness({ onIncoming: (remote) => remote.accept() });
    const invitation = call(harness);
    await tick(10);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(harness.alice.stats().liveLocalInvitations).toBe(1);
    await tick(10_000);
    expect(harness.alice.stats().liveLocalInvitations).toBe(0);
    expect(harness.bob.stats().liveRemoteInvitations).toBe(0);
    // Settled: the chart reached its top-level final state, and its output is the outcome.
    expect(invitation.actor.getSnapshot().status).toBe('done');
    expect(invitation.actor.getSnapshot().output).toEqual({ state: 'ACCEPTED_BY_REMOTE', response: '' });
    expect(harness.incoming[0]?.actor.getSnapshot().output).toEqual({ state: 'ACCEPTED', response: '' });
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(harness.incoming[0]?.state).toBe('ACCEPTED');
    expect(vi.getTimerCount()).toBe(0);
    // The chart still answers for a settled actor.
    expect(invitation.cancel()).toBe('ALREADY_END');
    expect(harness.incoming[0]?.accept()).toBe('ALREADY_END');
    await harness.close();
  });
});
