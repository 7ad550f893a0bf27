import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createCallKit,
  type CallKit,
  type CallKitOptions,
  type InvitationTimeouts,
  type RemoteInvitation,
} from '../../index.js';
import { decodeMessage } from '../../protocol/codec.js';
import { createMultiDeviceNetwork, type MultiDeviceNetwork } from '../support/multi-device-network.js';
import { settle } from '../support/call-harness.js';

const timeouts: InvitationTimeouts = { acknowledgeMs: 3_000, answerMs: 6_000, confirmMs: 1_000, resendMs: 200, lingerMs: 2_000 };

interface Device {
  readonly kit: CallKit;
  readonly rings: RemoteInvitation[];
  readonly endings: string[];
}

let kits: CallKit[] = [];

beforeEach(() => {
  vi.useFakeTimers();
  kits = [];
});
afterEach(async () => {
  await Promise.all(kits.map((kit) => kit.close()));
  vi.useRealTimers();
});

function device(
  network: MultiDeviceNetwork,
  userId: string,
  deviceId: string,
  options: Pick<CallKitOptions, 'rejectWhenBusy'> = {},
): Device {
  const kit = createCallKit({ userId, deviceId, transport: network.connect(userId), timeouts, ...options });
  kits.push(kit);
  const rings: RemoteInvitation[] = [];
  const endings: string[] = [];
  kit.on('remoteInvitationReceived', (invitation) => {
    rings.push(invitation);
    invitation.on('accepted', () => endings.push('accepted'));
    invitation.on('refused', () => endings.push('refused'));
    invitation.on('canceled', (reason) => endings.push(`canceled(${reason})`));
    invitation.on('failure', (reason) => endings.push(`failure(${reason})`));
  });
  return { kit, rings, endings };
}

function aliceAndTwoBobs(network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } })) {
  const alice = device(network, 'alice', 'alice-phone');
  const phone = device(network, 'bob', 'bob-phone');
  const laptop = device(network, 'bob', 'bob-laptop');
  return { network, alice, phone, laptop };
}

describe('a callee with several devices', () => {
  it('rings on every device, connects the one that accepted, and ends the other ANSWERED_ELSEWHERE', async () => {
    const { alice, phone, laptop } = aliceAndTwoBobs();
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    expect(phone.rings).toHaveLength(1);
    expect(laptop.rings).toHaveLength(1);
    phone.rings[0]!.accept('from the phone');
    await settle(100);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(invitation.answeringDeviceId).toBe('bob-phone');
    expect(phone.rings[0]!.state).toBe('ACCEPTED');
    expect(laptop.rings[0]!.state).toBe('FAILURE');
    expect(laptop.rings[0]!.failureReason).toBe('ANSWERED_ELSEWHERE');
    expect(laptop.endings).toEqual(['failure(ANSWERED_ELSEWHERE)']);
  });

  it('never connects a second device that accepted too: the first accept to reach the caller wins', async () => {
    const { alice, phone, laptop } = aliceAndTwoBobs();
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    expect(laptop.rings[0]!.accept()).toBe('OK');
    expect(phone.rings[0]!.accept()).toBe('OK');
    await settle(timeouts.confirmMs * 3);
    expect(invitation.answeringDeviceId).toBe('bob-laptop');
    expect(laptop.endings).toEqual(['accepted']);
    expect(phone.endings).toEqual(['failure(ANSWERED_ELSEWHERE)']);
  });

  it('ends every device when one refuses: the others end REFUSED_ELSEWHERE, with the reason at the caller', async () => {
    const { alice, phone, laptop } = aliceAndTwoBobs();
    const invitation = alice.kit.createLocalInvitation('bob');
    const heard: string[] = [];
    invitation.on('refused', (response, reason) => heard.push(`${response}/${reason}`));
    invitation.send();
    await settle(50);
    expect(laptop.rings[0]!.refuse({ reason: 'busy', response: 'in a meeting' })).toBe('OK');
    await settle(100);
    expect(invitation.state).toBe('REFUSED_BY_REMOTE');
    expect(invitation.refuseReason).toBe('busy');
    expect(heard).toEqual(['in a meeting/busy']);
    expect(laptop.endings).toEqual(['refused']);
    expect(phone.endings).toEqual(['failure(REFUSED_ELSEWHERE)']);
  });

  it('stops a losing device promptly even when the confirmation meant for it is lost', async () => {
    const { network, alice, phone, laptop } = aliceAndTwoBobs();
    let lostConfirmations = 0;
    network.setFilter(({ toEndpoint, data }) => {
      const decoded = decodeMessage(data);
      if (decoded.ok && decoded.message.type === 'confirm' && toEndpoint === 'bob#2' && lostConfirmations < 3) {
        lostConfirmations++;
        return false;
      }
      return true;
    });
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    phone.rings[0]!.accept();
    await settle(timeouts.confirmMs + 100);
    expect(lostConfirmations).toBe(3);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    // Long before its own answer timeout: the caller kept repeating the outcome.
    expect(laptop.endings).toEqual(['failure(ANSWERED_ELSEWHERE)']);
  });

  it('keeps a device that accepted after another refused from connecting', async () => {
    const { alice, phone, laptop } = aliceAndTwoBobs();
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    phone.rings[0]!.refuse();
    laptop.rings[0]!.accept();
    await settle(timeouts.confirmMs * 3);
    expect(invitation.state).toBe('REFUSED_BY_REMOTE');
    expect(invitation.refuseReason).toBe('declined');
    expect(laptop.endings).toEqual(['failure(REFUSED_ELSEWHERE)']);
  });

  it('does not ring a device that connects after the call was answered', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alice = device(network, 'alice', 'alice-phone');
    const phone = device(network, 'bob', 'bob-phone');
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    phone.rings[0]!.accept();
    await settle(50);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    const tablet = device(network, 'bob', 'bob-tablet');
    await settle(timeouts.confirmMs * 2);
    // The invite is no longer re-sent once answered, so nothing rings on the new device.
    expect(tablet.rings).toHaveLength(0);
  });
});

describe('a caller with several devices', () => {
  it('lets the callee answer the device that called, and the other device stays out of it', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alicePhone = device(network, 'alice', 'alice-phone');
    const aliceLaptop = device(network, 'alice', 'alice-laptop');
    const bob = device(network, 'bob', 'bob-phone');
    const invitation = alicePhone.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    bob.rings[0]!.accept();
    await settle(timeouts.confirmMs * 2);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(bob.endings).toEqual(['accepted']);
    expect(bob.rings[0]!.callerDeviceId).toBe('alice-phone');
    // The laptop heard bob's receipt and accept (they go to the user) and dropped them unanswered.
    expect(aliceLaptop.kit.stats().dropped['other-device']).toBeGreaterThanOrEqual(2);
    expect(aliceLaptop.kit.stats().dropped['unknown-invitation']).toBeUndefined();
    expect(aliceLaptop.rings).toHaveLength(0);
  });
});

describe('typed reasons', () => {
  it('carries the cancel reason and the caller’s current content to the callee', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alice = device(network, 'alice', 'alice-phone');
    const bob = device(network, 'bob', 'bob-phone');
    const invitation = alice.kit.createLocalInvitation('bob', { content: 'video call' });
    invitation.send();
    await settle(50);
    expect(invitation.cancel({ reason: 'changed my mind' })).toBe('OK');
    await settle(100);
    expect(invitation.state).toBe('CANCELED');
    expect(invitation.cancelReason).toBe('changed my mind');
    expect(bob.endings).toEqual(['canceled(changed my mind)']);
    expect(bob.rings[0]!.cancelReason).toBe('changed my mind');
    expect(bob.rings[0]!.content).toBe('video call');
  });

  it('refuses a reason over 64 bytes without sending anything', async () => {
    const network = createMultiDeviceNetwork();
    const alice = device(network, 'alice', 'alice-phone');
    const bob = device(network, 'bob', 'bob-phone');
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(10);
    expect(invitation.cancel({ reason: 'x'.repeat(65) })).toBe('INVALID_ARGUMENT');
    expect(bob.rings[0]!.refuse({ reason: 'x'.repeat(65) })).toBe('INVALID_ARGUMENT');
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    expect(bob.rings[0]!.state).toBe('INVITATION_RECEIVED');
  });

  it('keeps the old refuse(response) form, with the reason declined', async () => {
    const network = createMultiDeviceNetwork();
    const alice = device(network, 'alice', 'alice-phone');
    const bob = device(network, 'bob', 'bob-phone');
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(10);
    bob.rings[0]!.refuse('no thanks');
    await settle(10);
    expect(invitation.response).toBe('no thanks');
    expect(invitation.refuseReason).toBe('declined');
    expect(bob.rings[0]!.refuseReason).toBe('declined');
  });
});

describe('ignore()', () => {
  it('silences one device only: the caller and the other devices go on', async () => {
    const { alice, phone, laptop } = aliceAndTwoBobs();
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(50);
    expect(phone.rings[0]!.ignore()).toBe('OK');
    expect(phone.rings[0]!.state).toBe('IGNORED');
    expect(phone.rings[0]!.ignore()).toBe('ALREADY_END');
    expect(phone.rings[0]!.accept()).toBe('ALREADY_END');
    await settle(100);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    laptop.rings[0]!.accept();
    await settle(100);
    expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
    expect(laptop.endings).toEqual(['accepted']);
    // The app asked for it: no callback, and the later confirmation does not revive it.
    expect(phone.endings).toEqual([]);
    expect(phone.rings[0]!.state).toBe('IGNORED');
  });

  it('cannot take back an accept', async () => {
    const { alice, phone } = aliceAndTwoBobs();
    alice.kit.createLocalInvitation('bob').send();
    await settle(50);
    phone.rings[0]!.accept();
    expect(phone.rings[0]!.ignore()).toBe('ALREADY_ACCEPT');
  });
});

describe('rejectWhenBusy', () => {
  it('refuses with busy, without ringing, while this device is in a call, until the app says the call ended', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alice = device(network, 'alice', 'alice-phone');
    const carol = device(network, 'carol', 'carol-phone');
    const bob = device(network, 'bob', 'bob-phone', { rejectWhenBusy: true });
    alice.kit.createLocalInvitation('bob').send();
    await settle(50);
    bob.rings[0]!.accept();
    await settle(100);
    expect(bob.kit.inCall).toBe(true);
    const second = carol.kit.createLocalInvitation('bob');
    second.send();
    await settle(100);
    expect(second.state).toBe('REFUSED_BY_REMOTE');
    expect(second.refuseReason).toBe('busy');
    expect(bob.rings).toHaveLength(1);
    bob.kit.setInCall(false);
    const third = carol.kit.createLocalInvitation('bob');
    third.send();
    await settle(100);
    expect(third.state).toBe('RECEIVED_BY_REMOTE');
    expect(bob.rings).toHaveLength(2);
  });

  it('with in-call-or-ringing, also refuses while another invitation rings', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alice = device(network, 'alice', 'alice-phone');
    const carol = device(network, 'carol', 'carol-phone');
    const bob = device(network, 'bob', 'bob-phone', { rejectWhenBusy: 'in-call-or-ringing' });
    const first = alice.kit.createLocalInvitation('bob');
    first.send();
    await settle(50);
    const second = carol.kit.createLocalInvitation('bob');
    second.send();
    await settle(100);
    expect(first.state).toBe('RECEIVED_BY_REMOTE');
    expect(second.refuseReason).toBe('busy');
    expect(bob.rings).toHaveLength(1);
  });

  it('lets every invitation ring when off, the default', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 10, maxMs: 10 } });
    const alice = device(network, 'alice', 'alice-phone');
    const carol = device(network, 'carol', 'carol-phone');
    const bob = device(network, 'bob', 'bob-phone');
    alice.kit.createLocalInvitation('bob').send();
    await settle(50);
    bob.rings[0]!.accept();
    await settle(100);
    carol.kit.createLocalInvitation('bob').send();
    await settle(100);
    expect(bob.rings).toHaveLength(2);
  });
});

describe('glare', () => {
  it('lets the invitation with the lower id proceed and ends the other with replaced on both sides', async () => {
    const network = createMultiDeviceNetwork({ latency: { minMs: 20, maxMs: 20 } });
    const alice = device(network, 'alice', 'alice-phone');
    const bob = device(network, 'bob', 'bob-phone');
    const fromAlice = alice.kit.createLocalInvitation('bob');
    const fromBob = bob.kit.createLocalInvitation('alice');
    fromAlice.send();
    fromBob.send();
    await settle(100);
    const [winner, loser] = fromAlice.id < fromBob.id ? [fromAlice, fromBob] : [fromBob, fromAlice];
    const [winnerCallee, loserCallee] = winner === fromAlice ? [bob, alice] : [alice, bob];
    expect(winner.state).toBe('RECEIVED_BY_REMOTE');
    expect(winnerCallee.rings.map((ring) => ring.id)).toEqual([winner.id]);
    // The losing invitation never reached the app of its callee; both kits saw the crossing and agree.
    expect(loserCallee.rings).toHaveLength(0);
    expect(['CANCELED', 'REFUSED_BY_REMOTE']).toContain(loser.state);
    expect(loser.state === 'CANCELED' ? loser.cancelReason : loser.refuseReason).toBe('replaced');
    winnerCallee.rings[0]!.accept();
    await settle(100);
    expect(winner.state).toBe('ACCEPTED_BY_REMOTE');
  });
});

describe('protocol version 1 peers', () => {
  it('drops their frames with a counted reason of their own', async () => {
    const network = createMultiDeviceNetwork();
    const old = network.connect('old-client');
    const bob = device(network, 'bob', 'bob-phone');
    await old.send('bob', JSON.stringify({ v: 1, type: 'invite', id: 'abc', content: '', channelId: '' }));
    await settle(10);
    expect(bob.rings).toHaveLength(0);
    expect(bob.kit.stats().dropped['legacy-version']).toBe(1);
    await old.close();
  });
});

describe('a caller whose own transport is down', () => {
  it('fails with NOT_LOGGEDIN, not PEER_NO_RESPONSE', async () => {
    const network = createMultiDeviceNetwork();
    const alice = device(network, 'alice', 'alice-phone');
    device(network, 'bob', 'bob-phone');
    network.disconnect('alice');
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(timeouts.acknowledgeMs + 10);
    expect(invitation.state).toBe('FAILURE');
    expect(invitation.failureReason).toBe('NOT_LOGGEDIN');
  });

  it('still blames the callee when its own transport came back before the window ended', async () => {
    const network = createMultiDeviceNetwork();
    const alice = device(network, 'alice', 'alice-phone');
    network.connect('bob'); // connected, never answers
    network.disconnect('alice');
    const invitation = alice.kit.createLocalInvitation('bob');
    invitation.send();
    await settle(timeouts.resendMs * 2);
    network.reconnect('alice');
    await settle(timeouts.acknowledgeMs);
    expect(invitation.failureReason).toBe('PEER_NO_RESPONSE');
  });
});
