import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RemoteInvitation } from '../../index.js';
import { createPersistentCallKit, type PeerOfflineNotice, type PushedInvite } from '../../persistence.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { recordIncoming } from '../support/faulty-transport.js';
import { tick, useFakeTimersInEveryTest } from '../support/fake-timers.js';

useFakeTimersInEveryTest();

/** alice calls bob, who is offline; alice's app collects what it would push. */
async function callToOfflineBob() {
  const network = createMemoryNetwork();
  const notices: PeerOfflineNotice[] = [];
  const alice = createPersistentCallKit({
    userId: 'alice',
    transport: network.connect('alice'),
    onPeerOffline: (notice) => notices.push(notice),
  });
  const outgoing = alice.createLocalInvitation('bob', { content: '{"video":true}', channelId: 'room-7' });
  outgoing.send();
  await tick(0);
  return { network, alice, outgoing, notices };
}

/** An invite push from alice to bob, as her kit would hand it over; `changes` sets the fields a test is about. */
function pushedInvite(changes: Partial<PushedInvite> = {}): PushedInvite {
  return {
    format: 'call-invitation/push',
    version: 1,
    kind: 'invite',
    id: 'pushed-1',
    callerId: 'alice',
    callerDeviceId: 'alice-phone',
    calleeId: 'bob',
    content: '',
    channelId: '',
    answerWithinMs: 12_000,
    ...changes,
  };
}

describe('onPeerOffline, on the caller', () => {
  it('fires once per invitation with a self-contained invite payload, though every re-send fails', async () => {
    const { alice, outgoing, notices } = await callToOfflineBob();
    await tick(10_000);
    expect(notices).toHaveLength(1);
    const [notice] = notices;
    expect(notice?.invitation).toBe(outgoing);
    expect(notice?.payload).toEqual({
      format: 'call-invitation/push',
      version: 1,
      kind: 'invite',
      id: outgoing.id,
      callerId: 'alice',
      callerDeviceId: alice.deviceId,
      calleeId: 'bob',
      content: '{"video":true}',
      channelId: 'room-7',
      // What was left of the 30 s acknowledgement window when the first send failed.
      answerWithinMs: 30_000,
    });
    await alice.close();
  });

  it('fires only once though the callee comes and goes', async () => {
    const { network, alice, notices } = await callToOfflineBob();
    // A bob device that hears the invite but never acknowledges it: reachable, then gone again.
    const silentBob = network.connect('bob');
    await tick(1_500);
    network.disconnect('bob');
    await tick(1_500);
    network.reconnect('bob');
    await tick(1_500);
    network.disconnect('bob');
    await tick(1_500);
    expect(notices).toHaveLength(1);
    await Promise.all([alice.close(), silentBob.close()]);
  });

  it('fires again for the cancel of an invitation it pushed, so that the pushed ringing can be dismissed', async () => {
    const { alice, outgoing, notices } = await callToOfflineBob();
    expect(outgoing.cancel({ reason: 'changed my mind' })).toBe('OK');
    await tick(0);
    expect(notices.map((notice) => notice.payload.kind)).toEqual(['invite', 'cancel']);
    expect(notices[1]?.payload).toMatchObject({ kind: 'cancel', id: outgoing.id, reason: 'changed my mind' });
    await tick(10_000);
    expect(notices).toHaveLength(2);
    await alice.close();
  });

  it('does not fire when the callee is connected, nor for the cancel of an invitation never pushed', async () => {
    const network = createMemoryNetwork();
    const notices: PeerOfflineNotice[] = [];
    const alice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice'), onPeerOffline: (notice) => notices.push(notice) });
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const outgoing = alice.createLocalInvitation('bob');
    outgoing.send();
    await tick(100);
    outgoing.cancel();
    await tick(100);
    expect(notices).toEqual([]);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('is not asked again by a restored caller that already asked', async () => {
    const { network, alice, notices } = await callToOfflineBob();
    const saved = JSON.parse(JSON.stringify(alice.persist())) as unknown;
    await alice.suspend();
    const restored = createPersistentCallKit({
      userId: 'alice',
      transport: network.connect('alice'),
      restore: saved,
      onPeerOffline: (notice) => notices.push(notice),
    });
    await tick(5_000);
    expect(notices).toHaveLength(1);
    await restored.close();
  });
});

describe('receivePushedInvitation, on the woken callee', () => {
  it('rings as if the invite had arrived, and an accept connects both sides', async () => {
    const { network, alice, outgoing, notices } = await callToOfflineBob();
    await tick(3_000);
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const rings: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
    // The push travels as JSON.
    const result = bob.receivePushedInvitation(JSON.parse(JSON.stringify(notices[0]?.payload)));
    expect(result.status).toBe('ringing');
    await tick(0);
    expect(rings).toHaveLength(1);
    expect(rings[0]).toMatchObject({ id: outgoing.id, callerId: 'alice', channelId: 'room-7', content: '{"video":true}' });
    expect(rings[0]?.accept('on my way')).toBe('OK');
    await tick(100);
    expect(outgoing.state).toBe('ACCEPTED_BY_REMOTE');
    expect(rings[0]?.state).toBe('ACCEPTED');
    // The invite re-sent over the wire meanwhile did not ring a second time.
    expect(rings).toHaveLength(1);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('rings no longer than the window the payload carries', async () => {
    const network = createMemoryNetwork();
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const payload = pushedInvite();
    const result = bob.receivePushedInvitation(payload);
    if (result.status !== 'ringing') throw new Error(`expected it to ring, got ${result.status}`);
    await tick(11_999);
    expect(result.invitation.state).toBe('INVITATION_RECEIVED');
    await tick(1);
    expect(result.invitation.failureReason).toBe('INVITATION_EXPIRE');
    await bob.close();
  });

  it('never rings a stale push: ended at once with INVITATION_EXPIRE, nothing told to the caller', async () => {
    const network = createMemoryNetwork();
    const frames = recordIncoming(network.connect('alice'));
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const rings: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
    const result = bob.receivePushedInvitation(pushedInvite({ id: 'stale-1', answerWithinMs: 0 }));
    expect(result.status).toBe('ended');
    if (result.status !== 'ended') return;
    expect(result.invitation?.state).toBe('FAILURE');
    expect(result.invitation?.failureReason).toBe('INVITATION_EXPIRE');
    await tick(100);
    expect(rings).toEqual([]);
    expect(frames).toEqual([]);
    await bob.close();
  });

  it('stops the pushed ringing on a pushed cancel, with the canceled callback, and the invite pushed again afterwards does not ring', async () => {
    const { network, alice, outgoing, notices } = await callToOfflineBob();
    outgoing.cancel();
    await tick(0);
    const [invite, cancel] = notices.map((notice) => notice.payload);
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const rings: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
    const ringing = bob.receivePushedInvitation(invite);
    if (ringing.status !== 'ringing') throw new Error(`expected it to ring, got ${ringing.status}`);
    const canceled: string[] = [];
    ringing.invitation.on('canceled', () => canceled.push('canceled'));
    expect(bob.receivePushedInvitation(cancel)).toEqual({ status: 'ended', invitation: ringing.invitation });
    await tick(0);
    expect(canceled).toEqual(['canceled']);
    expect(ringing.invitation.state).toBe('CANCELED');
    await tick(20_000);
    expect(bob.receivePushedInvitation(invite).status).not.toBe('ringing');
    expect(rings).toHaveLength(1);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('remembers a cancel pushed before its invite, so the invite never rings', async () => {
    const { network, alice, outgoing, notices } = await callToOfflineBob();
    outgoing.cancel();
    await tick(0);
    const [invite, cancel] = notices.map((notice) => notice.payload);
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    expect(bob.receivePushedInvitation(cancel)).toEqual({ status: 'ended', invitation: undefined });
    expect(bob.receivePushedInvitation(invite)).toEqual({ status: 'dropped', reason: 'ended-invitation' });
    await Promise.all([alice.close(), bob.close()]);
  });

  it('drops a payload for another user, and any after close', async () => {
    const { network, alice, notices } = await callToOfflineBob();
    const carol = createPersistentCallKit({ userId: 'carol', transport: network.connect('carol') });
    expect(carol.receivePushedInvitation(notices[0]?.payload)).toEqual({ status: 'dropped', reason: 'other-user' });
    await carol.close();
    expect(carol.receivePushedInvitation(notices[0]?.payload)).toEqual({ status: 'dropped', reason: 'kit-closed' });
    await alice.close();
  });

  it('drops malformed payloads with invalid-payload and never throws', async () => {
    const network = createMemoryNetwork();
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const valid = pushedInvite({ answerWithinMs: 1_000 });
    const broken = [
      undefined,
      'string',
      [],
      { ...valid, format: 'other' },
      { ...valid, version: 2 },
      { ...valid, kind: 'accept' },
      { ...valid, id: '' },
      { ...valid, id: 'has space' },
      { ...valid, callerId: 'x'.repeat(65) },
      { ...valid, callerDeviceId: 'bad device' },
      { ...valid, content: 'x'.repeat(8193) },
      { ...valid, channelId: 'x'.repeat(65) },
      { ...valid, answerWithinMs: '1000' },
      { ...valid, answerWithinMs: Number.NaN },
      { ...valid, kind: 'cancel' },
      { ...valid, kind: 'cancel', reason: 'r'.repeat(65) },
    ];
    for (const payload of broken) {
      expect(bob.receivePushedInvitation(payload)).toEqual({ status: 'dropped', reason: 'invalid-payload' });
    }
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.record({ ...Object.fromEntries(Object.keys(valid).map((key) => [key, fc.anything()])) })), (payload) => {
        const result = bob.receivePushedInvitation(payload);
        expect(['ringing', 'ended', 'dropped']).toContain(result.status);
      }),
      { numRuns: 300 },
    );
    await bob.close();
  });
});
