import { describe, expect, it } from 'vitest';
import { createPersistentCallKit, type PersistedCallKit, type PersistentCallKit } from '../../persistence.js';
import { createMemoryNetwork, type MemoryNetwork } from '../../adapters/memory.js';
import type { RemoteInvitation } from '../../kit/index.js';
import { createMultiDeviceNetwork } from '../support/multi-device-network.js';
import { recordIncoming } from '../support/faulty-transport.js';
import { tick, useFakeTimersInEveryTest } from '../support/fake-timers.js';

useFakeTimersInEveryTest();

/**
 * alice calls bob on one memory network; bob's invitation is ringing. `callerAnswerMs` far above
 * bob's 60 s keeps alice's own expiry from ending bob's ringing, so that bob's timer is the one tested.
 */
async function ringingCall(network: MemoryNetwork = createMemoryNetwork(), callerAnswerMs?: number) {
  const alice = createPersistentCallKit({
    userId: 'alice',
    transport: network.connect('alice'),
    ...(callerAnswerMs === undefined ? {} : { timeouts: { answerMs: callerAnswerMs } }),
  });
  const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
  const rings: RemoteInvitation[] = [];
  bob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
  const outgoing = alice.createLocalInvitation('bob', { content: 'hi', channelId: 'room' });
  outgoing.send();
  await tick(0);
  return { network, alice, bob, outgoing, rings };
}

/** Stops `kit` as a killed app would and returns what it had saved. */
async function kill(kit: PersistentCallKit): Promise<PersistedCallKit> {
  const snapshot = JSON.parse(JSON.stringify(kit.persist())) as PersistedCallKit;
  await kit.suspend();
  return snapshot;
}

describe('restoring an invitation that had ended', () => {
  it('resolves its outcome with the ending the chart recorded before the restart', async () => {
    const { network, alice, bob, outgoing, rings } = await ringingCall();
    rings[0]?.accept('on my way');
    await tick(10);
    expect(outgoing.state).toBe('ACCEPTED_BY_REMOTE');
    // Killed while the ended invitation still lingers: it is saved, and comes back ended.
    const saved = await kill(alice);
    const restoredAlice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice'), restore: saved });
    const [restored] = restoredAlice.restored.local;
    expect(restored?.state).toBe('ACCEPTED_BY_REMOTE');
    let outcome: unknown;
    void restored?.outcome.then((value) => (outcome = value));
    await tick(0);
    expect(outcome).toEqual({ state: 'ACCEPTED_BY_REMOTE', response: 'on my way' });
    await Promise.all([restoredAlice.close(), bob.close()]);
  });
});

describe('restoring a callee', () => {
  it('keeps ringing for what was left of the answer window, the time it was down included, then expires once', async () => {
    const { network, alice, bob, outgoing, rings } = await ringingCall(createMemoryNetwork(), 600_000);
    expect(rings).toHaveLength(1);
    await tick(20_000);
    const saved = await kill(bob);
    await tick(5_000);
    const restoredBob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: saved });
    const received: string[] = [];
    restoredBob.on('remoteInvitationReceived', () => received.push('again'));
    const [restored] = restoredBob.restored.remote;
    expect(restored?.id).toBe(outgoing.id);
    expect(restored?.state).toBe('INVITATION_RECEIVED');
    expect(restored?.content).toBe('hi');
    const failures: string[] = [];
    restored?.on('failure', (reason) => failures.push(reason));
    // 60 s window: 20 s rang before the kill, 5 s down, so 35 s are left.
    await tick(34_999);
    expect(restored?.state).toBe('INVITATION_RECEIVED');
    await tick(1);
    expect(restored?.state).toBe('FAILURE');
    expect(failures).toEqual(['INVITATION_EXPIRE']);
    expect(received).toEqual([]);
    await Promise.all([alice.close(), restoredBob.close()]);
  });

  it('ends with INVITATION_EXPIRE and its callback, without ringing, when the window passed while it was down', async () => {
    const { network, alice, bob } = await ringingCall(createMemoryNetwork(), 600_000);
    const saved = await kill(bob);
    await tick(61_000);
    const restoredBob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: saved });
    const [restored] = restoredBob.restored.remote;
    const failures: string[] = [];
    restored?.on('failure', (reason) => failures.push(reason));
    await tick(0);
    expect(restored?.state).toBe('FAILURE');
    expect(failures).toEqual(['INVITATION_EXPIRE']);
    await Promise.all([alice.close(), restoredBob.close()]);
  });

  it('answers accept as if it had never stopped: both sides connect, each callback once', async () => {
    const { network, alice, bob, outgoing } = await ringingCall();
    const callerLog: string[] = [];
    outgoing.on('receivedByPeer', () => callerLog.push('receivedByPeer'));
    outgoing.on('accepted', (response) => callerLog.push(`accepted(${response})`));
    const saved = await kill(bob);
    await tick(3_000);
    const restoredBob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: saved });
    expect(restoredBob.deviceId).toBe(bob.deviceId);
    const [restored] = restoredBob.restored.remote;
    const calleeLog: string[] = [];
    restored?.on('accepted', () => calleeLog.push('accepted'));
    expect(restored?.accept('yes')).toBe('OK');
    await tick(100);
    expect(outgoing.state).toBe('ACCEPTED_BY_REMOTE');
    expect(restored?.state).toBe('ACCEPTED');
    // receivedByPeer fired before the restart (already in RECEIVED_BY_REMOTE when we started listening).
    expect(callerLog).toEqual(['accepted(yes)']);
    expect(calleeLog).toEqual(['accepted']);
    await Promise.all([alice.close(), restoredBob.close()]);
  });

  it('asks the caller again on restore, and a device whose call was answered elsewhere meanwhile stops ringing without connecting', async () => {
    const network = createMultiDeviceNetwork();
    const alice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice') });
    const phone = createPersistentCallKit({ userId: 'bob', deviceId: 'phone', transport: network.connect('bob') });
    const laptop = createPersistentCallKit({ userId: 'bob', deviceId: 'laptop', transport: network.connect('bob') });
    const laptopRings: RemoteInvitation[] = [];
    laptop.on('remoteInvitationReceived', (invitation) => laptopRings.push(invitation));
    const outgoing = alice.createLocalInvitation('bob');
    outgoing.send();
    await tick(10);
    const saved = await kill(phone);
    laptopRings[0]?.accept();
    await tick(20);
    expect(outgoing.state).toBe('ACCEPTED_BY_REMOTE');
    // Long after the caller's re-sends of its confirmation stopped.
    await tick(6_000);
    const restoredPhone = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: saved });
    const [restored] = restoredPhone.restored.remote;
    const endings: string[] = [];
    restored?.on('accepted', () => endings.push('accepted'));
    restored?.on('failure', (reason) => endings.push(reason));
    await tick(10);
    expect(restored?.state).toBe('FAILURE');
    expect(endings).toEqual(['ANSWERED_ELSEWHERE']);
    await Promise.all([alice.close(), laptop.close(), restoredPhone.close()]);
  });
});

describe('restoring a caller', () => {
  it('keeps the acknowledgement window running from what was left: PEER_OFFLINE 30 s after the send, downtime included', async () => {
    const network = createMemoryNetwork();
    const alice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice') });
    const outgoing = alice.createLocalInvitation('bob');
    outgoing.send();
    await tick(10_000);
    const saved = await kill(alice);
    await tick(4_000);
    const restoredAlice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice'), restore: saved });
    const [restored] = restoredAlice.restored.local;
    expect(restored?.state).toBe('SENT_TO_REMOTE');
    await tick(15_999);
    expect(restored?.state).toBe('SENT_TO_REMOTE');
    await tick(1);
    expect(restored?.failureReason).toBe('PEER_OFFLINE');
    await restoredAlice.close();
  });

  it('takes the accept of a callee that answered while it was down, within the callee’s confirmation window', async () => {
    const { network, alice, bob, outgoing, rings } = await ringingCall();
    const saved = await kill(alice);
    rings[0]?.accept('ok');
    await tick(2_000);
    const restoredAlice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice'), restore: saved });
    const [restored] = restoredAlice.restored.local;
    expect(restored?.id).toBe(outgoing.id);
    const accepted: string[] = [];
    restored?.on('accepted', (response) => accepted.push(response));
    await tick(1_000);
    expect(accepted).toEqual(['ok']);
    expect(rings[0]?.state).toBe('ACCEPTED');
    await Promise.all([restoredAlice.close(), bob.close()]);
  });

  it('rings on after a restore in RECEIVED_BY_REMOTE for what was left of the answer window, then expires and tells the callee', async () => {
    const { network, alice, bob, rings } = await ringingCall();
    await tick(30_000);
    const saved = await kill(alice);
    const restoredAlice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice'), restore: saved });
    const [restored] = restoredAlice.restored.local;
    expect(restored?.state).toBe('RECEIVED_BY_REMOTE');
    expect(restored?.send()).toBe('ALREADY_SENT');
    await tick(29_999);
    expect(restored?.state).toBe('RECEIVED_BY_REMOTE');
    await tick(1);
    expect(restored?.failureReason).toBe('INVITATION_EXPIRE');
    expect(rings[0]?.failureReason).toBe('INVITATION_EXPIRE');
    await Promise.all([restoredAlice.close(), bob.close()]);
  });
});

describe('restoring what a callee remembers of ended invitations', () => {
  // A user id may hold any character, a newline included; the kit's keys must still read back whole.
  it.each(['alice', 'alice\nat home'])('does not ring a late copy of an invite from %j that ended before the restart', async (callerId) => {
    const network = createMemoryNetwork();
    const alice = network.connect(callerId);
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob') });
    const invite = JSON.stringify({ v: 2, type: 'invite', id: 'late-copy-1', device: 'alice-phone', content: '', channelId: '' });
    const rings: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
    await alice.send('bob', invite);
    await tick(0);
    rings[0]?.refuse();
    // Past the linger period: the chart settled, only the kit's memory of it is left.
    await tick(15_000);
    const saved = await kill(bob);
    expect(saved.invitations).toEqual([]);
    expect(saved.ended.map(({ callerId: from, id }) => ({ from, id }))).toEqual([{ from: callerId, id: 'late-copy-1' }]);
    await tick(1_000);
    const restoredBob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: saved });
    restoredBob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
    await alice.send('bob', invite);
    await tick(0);
    expect(rings).toHaveLength(1);
    expect(restoredBob.stats().dropped['ended-invitation']).toBe(1);
    await Promise.all([alice.close(), restoredBob.close()]);
  });
});

describe('persist: a store saved on every change', () => {
  it('holds the ringing invitation after each change, and an empty list once the kit is closed', async () => {
    const network = createMemoryNetwork();
    const saves: PersistedCallKit[] = [];
    const store = { save: (snapshot: PersistedCallKit) => void saves.push(snapshot) };
    const alice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice') });
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), persist: store });
    alice.createLocalInvitation('bob').send();
    await tick(0);
    const states = saves.map((snapshot) => snapshot.invitations.map((entry) => JSON.stringify(entry.value)));
    expect(states.at(-1)).toEqual(['"INVITATION_RECEIVED"']);
    const timers = saves.at(-1)?.invitations[0]?.timers ?? {};
    expect(Object.keys(timers)).toEqual(['xstate.after.answerTimeout.remoteInvitation.INVITATION_RECEIVED']);
    await bob.close();
    expect(saves.at(-1)?.invitations).toEqual([]);
    await alice.close();
  });

  it('reports a store that throws or rejects to onCallbackError, and keeps working', async () => {
    const network = createMemoryNetwork();
    const errors: unknown[] = [];
    let calls = 0;
    const store = {
      save() {
        calls++;
        if (calls % 2 === 0) throw new Error('disk full');
        return Promise.reject(new Error('quota'));
      },
    };
    const alice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice') });
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), persist: store, onCallbackError: (error) => errors.push(error) });
    const rings: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => rings.push(invitation));
    alice.createLocalInvitation('bob').send();
    await tick(0);
    rings[0]?.accept();
    await tick(100);
    expect(rings[0]?.state).toBe('ACCEPTED');
    expect(errors.length).toBeGreaterThanOrEqual(2);
    expect(errors.map((error) => (error as Error).message)).toEqual(expect.arrayContaining(['disk full', 'quota']));
    await Promise.all([alice.close(), bob.close()]);
  });

  it('restores from the last save of a kit that was killed without any warning', async () => {
    const network = createMemoryNetwork();
    let latest: PersistedCallKit | undefined;
    let alive = true;
    const store = {
      save(snapshot: PersistedCallKit) {
        if (alive) latest = JSON.parse(JSON.stringify(snapshot)) as PersistedCallKit;
      },
      load: () => latest,
    };
    const alice = createPersistentCallKit({ userId: 'alice', transport: network.connect('alice') });
    const bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), persist: store });
    const outgoing = alice.createLocalInvitation('bob');
    outgoing.send();
    await tick(1_000);
    alive = false;
    await bob.suspend();
    const restoredBob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: store.load() });
    expect(restoredBob.restored.remote.map((invitation) => invitation.id)).toEqual([outgoing.id]);
    await Promise.all([alice.close(), restoredBob.close()]);
  });
});

describe('restore of untrusted snapshots', () => {
  async function restoreOf(restore: unknown, deviceId?: string) {
    const network = createMemoryNetwork();
    const kit = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore, ...(deviceId ? { deviceId } : {}) });
    const { restored } = kit;
    await kit.close();
    return restored;
  }

  async function validSnapshot(): Promise<PersistedCallKit> {
    const { alice, bob } = await ringingCall();
    const saved = await kill(bob);
    await alice.close();
    return saved;
  }

  it('drops a snapshot that is not one, of another version, or of another user or device, and never throws', async () => {
    const valid = await validSnapshot();
    expect((await restoreOf(valid)).remote).toHaveLength(1);
    expect((await restoreOf('{}')).dropped).toEqual(['invalid-snapshot']);
    expect((await restoreOf({ ...valid, version: 2 })).dropped).toEqual(['invalid-snapshot']);
    expect((await restoreOf({ ...valid, invitations: 'x' })).dropped).toEqual(['invalid-snapshot']);
    expect((await restoreOf({ ...valid, userId: 'carol' })).dropped).toEqual(['other-user']);
    expect((await restoreOf(valid, 'another-device')).dropped).toEqual(['other-device']);
    expect((await restoreOf(null)).dropped).toEqual([]);
  });

  it('drops one malformed invitation and keeps the others', async () => {
    const valid = await validSnapshot();
    const [entry] = valid.invitations;
    if (!entry) throw new Error('no invitation saved');
    const broken = (patch: Record<string, unknown>) => ({ ...entry, ...patch });
    const withContext = (patch: Record<string, unknown>) => broken({ context: { ...entry.context, ...patch } });
    const cases = [
      broken({ side: 'sideways' }),
      broken({ value: 'NOT_A_STATE' }),
      broken({ value: 'SETTLED' }),
      broken({ timers: null }),
      withContext({ id: 'x'.repeat(65) }),
      withContext({ callerId: '' }),
      withContext({ deviceId: 'someone-else' }),
      withContext({ content: 'x'.repeat(8193) }),
      withContext({ peerUnreachable: 'yes' }),
      withContext({ failureReason: 42 }),
      withContext({ answerWindowMs: null }),
      entry,
    ];
    const restored = await restoreOf({ ...valid, invitations: cases });
    expect(restored.remote).toHaveLength(1);
    expect(restored.dropped).toEqual(Array.from({ length: cases.length - 1 }, () => 'invalid-invitation'));
  });

  it('drops the second copy of the same invitation', async () => {
    const valid = await validSnapshot();
    const restored = await restoreOf({ ...valid, invitations: [...valid.invitations, ...valid.invitations] });
    expect(restored.remote).toHaveLength(1);
    expect(restored.dropped).toEqual(['duplicate-invitation']);
  });

  it('never makes a timer longer than a fresh one: negative or junk elapsed times count as none', async () => {
    const network = createMemoryNetwork();
    const valid = await validSnapshot();
    const [entry] = valid.invitations;
    if (!entry) throw new Error('no invitation saved');
    const timers = Object.fromEntries(Object.keys(entry.timers).map((event) => [event, -1e12]));
    // A save "in the future" (the clock was set back since): no downtime at all, not a negative one.
    const restore = { ...valid, savedAt: Date.now() + 1e9, invitations: [{ ...entry, timers }] };
    const kit = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore });
    const [restored] = kit.restored.remote;
    await tick(59_999);
    expect(restored?.state).toBe('INVITATION_RECEIVED');
    await tick(1);
    expect(restored?.state).toBe('FAILURE');
    await kit.close();
  });

  it('asks the caller again with one receipt on restore, and does not ring the app again', async () => {
    const network = createMemoryNetwork();
    const frames = recordIncoming(network.connect('alice'));
    const valid = await validSnapshot();
    const kit = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), restore: valid });
    const received: string[] = [];
    kit.on('remoteInvitationReceived', () => received.push('ring'));
    await tick(10);
    // Asking the caller again is the chart's RESTORED in INVITATION_RECEIVED: one receipt, no new ring.
    expect(frames.map((frame) => frame.type)).toEqual(['receipt']);
    expect(received).toEqual([]);
    await kit.close();
  });
});
