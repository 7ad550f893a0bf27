import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { createCallKit } from '../../index.js';
import { encodeMessage } from '../../protocol/codec.js';
import { recordOutgoing } from '../support/faulty-transport.js';
import { call, settle, useCallHarnesses } from '../support/call-harness.js';

const harnesses = useCallHarnesses();

describe('messages from someone who is not the peer', () => {
  it('ignores an accept from a third user, and counts it', async () => {
    const harness = harnesses.create();
    const mallory = harness.network.connect('mallory');
    const invitation = call(harness);
    await settle(5);
    await mallory.send('alice', encodeMessage({ type: 'accept', id: invitation.id, device: 'mallory-phone', to: harness.alice.deviceId, response: 'spoofed' }));
    await settle(5);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    expect(invitation.response).toBe('');
    expect(harness.alice.stats().dropped['spoofed-sender']).toBe(1);
  });

  it('cannot cancel or confirm bob’s invitation from alice by reusing its id', async () => {
    const harness = harnesses.create();
    const mallory = harness.network.connect('mallory');
    call(harness);
    await settle(5);
    const remote = harness.incoming[0]!;
    await mallory.send('bob', encodeMessage({ type: 'cancel', id: remote.id, device: 'mallory-phone', content: '', reason: '' }));
    await settle(5);
    expect(remote.state).toBe('INVITATION_RECEIVED');
    // Alice goes offline, so that her own confirmation cannot come: only a working spoof could make it ACCEPTED.
    harness.network.disconnect('alice');
    expect(remote.accept()).toBe('OK');
    const droppedBefore = harness.bob.stats().dropped['unknown-invitation'] ?? 0;
    await mallory.send('bob', encodeMessage({ type: 'confirm', id: remote.id, device: 'mallory-phone', to: harness.bob.deviceId }));
    await settle(0);
    expect(remote.state).toBe('ACCEPT_SENT_TO_LOCAL');
    expect(harness.bob.stats().dropped['unknown-invitation']).toBe(droppedBefore + 1);
  });
});

describe('malformed frames', () => {
  it.each([
    ['not JSON', '{"v":2,'],
    ['an array', '[1,2,3]'],
    ['a number', '42'],
    ['an unknown version', JSON.stringify({ v: 3, type: 'receipt', id: 'abc' })],
    ['a frame of protocol version 1', JSON.stringify({ v: 1, type: 'receipt', id: 'abc' })],
    ['an unknown type', JSON.stringify({ v: 2, device: 'd', type: 'hello', id: 'abc' })],
    ['an id with a slash', JSON.stringify({ v: 2, device: 'd', type: 'receipt', id: 'a/b' })],
    ['an accept without a response', JSON.stringify({ v: 2, device: 'd', type: 'accept', id: 'abc' })],
    ['a frame of 1 MiB', 'x'.repeat(1 << 20)],
  ])('drops %s without throwing or touching the invitation', async (_, frame) => {
    const harness = harnesses.create();
    const mallory = harness.network.connect('mallory');
    const invitation = call(harness);
    await settle(5);
    const dropped: string[] = [];
    harness.alice.on('messageDropped', (reason) => dropped.push(reason));
    await mallory.send('alice', frame);
    await settle(5);
    expect(dropped).toHaveLength(1);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
  });
});

describe('replays', () => {
  it('does not ring again for a copy of an invite that already ended, even after its actor stopped', async () => {
    const network = createMemoryNetwork();
    const aliceTransport = network.connect('alice');
    const recorded = recordOutgoing(aliceTransport);
    const alice = createCallKit({ userId: 'alice', transport: recorded.transport });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    harnesses.closeAfter(alice, bob);
    let rings = 0;
    bob.on('remoteInvitationReceived', (remote) => {
      rings++;
      remote.refuse();
    });
    alice.createLocalInvitation('bob').send();
    await settle(10);
    expect(rings).toBe(1);
    await settle(20_000);
    expect(bob.stats().liveRemoteInvitations).toBe(0);
    const invite = recorded.frames.find((frame) => frame.includes('"invite"'))!;
    await aliceTransport.send('bob', invite);
    await settle(10);
    expect(rings).toBe(1);
    expect(bob.stats().dropped['ended-invitation']).toBe(1);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('stops, within one round trip, a replay the callee no longer remembers', async () => {
    const network = createMemoryNetwork({ latency: { minMs: 5, maxMs: 5 } });
    const aliceTransport = network.connect('alice');
    const recorded = recordOutgoing(aliceTransport);
    const alice = createCallKit({ userId: 'alice', transport: recorded.transport });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    harnesses.closeAfter(alice, bob);
    const endings: string[] = [];
    let rings = 0;
    bob.on('remoteInvitationReceived', (remote) => {
      rings++;
      remote.on('failure', (reason) => endings.push(reason));
      if (rings === 1) remote.refuse();
    });
    alice.createLocalInvitation('bob').send();
    await settle(20);
    // Long after both sides forgot the call, a transport redelivers the invite.
    await settle(200_000);
    const invite = recorded.frames.find((frame) => frame.includes('"invite"'))!;
    await aliceTransport.send('bob', invite);
    await settle(20);
    expect(rings).toBe(2);
    expect(endings).toEqual(['INVITATION_EXPIRE']);
    expect(alice.stats().dropped['unknown-invitation']).toBe(1);
    await Promise.all([alice.close(), bob.close()]);
  });

  it('does not let an invite that arrives after its cancel ring', async () => {
    const network = createMemoryNetwork();
    const aliceTransport = network.connect('alice');
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    harnesses.closeAfter(bob, aliceTransport);
    let rings = 0;
    bob.on('remoteInvitationReceived', () => rings++);
    // The cancel overtakes the invite: bob acknowledges it and remembers the id.
    await aliceTransport.send('bob', encodeMessage({ type: 'cancel', id: 'late-invite', device: 'alice-phone', content: '', reason: '' }));
    await settle(5);
    await aliceTransport.send('bob', encodeMessage({ type: 'invite', id: 'late-invite', device: 'alice-phone', content: '', channelId: '' }));
    await settle(5);
    expect(rings).toBe(0);
    await bob.close();
    await aliceTransport.close();
  });
});
