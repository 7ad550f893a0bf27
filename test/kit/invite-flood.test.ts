import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryNetwork } from '../../adapters/memory.js';
import type { Transport } from '../../adapters/transport.js';
import { createCallKit, type CallKit, type CallKitOptions } from '../../index.js';
import type { LocalInvitation } from '../../kit/index.js';
import { encodeMessage } from '../../protocol/codec.js';
import { settle } from '../support/call-harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

interface FloodScene {
  readonly alice: CallKit;
  readonly bob: CallKit;
  readonly mallory: Transport;
  /** Callers whose invitations bob's app saw ring, in order. */
  readonly rang: string[];
  close(): Promise<void>;
}

/** Alice and bob run kits; mallory has a bare transport to write any frame. Bob accepts alice, lets the rest ring. */
function createFloodScene(bobOptions: Partial<CallKitOptions> = {}): FloodScene {
  const network = createMemoryNetwork();
  const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
  const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), ...bobOptions });
  const mallory = network.connect('mallory');
  const rang: string[] = [];
  bob.on('remoteInvitationReceived', (invitation) => {
    rang.push(invitation.callerId);
    if (invitation.callerId === 'alice') invitation.accept('hello');
  });
  return {
    alice,
    bob,
    mallory,
    rang,
    async close() {
      await Promise.all([alice.close(), bob.close(), mallory.close()]);
    },
  };
}

/** Sends `count` well-formed invites with ids never used before, as fast as the transport takes them. */
function sendUniqueInvites(mallory: Transport, count: number, firstIndex: number): void {
  for (let index = firstIndex; index < firstIndex + count; index++) {
    void mallory.send('bob', encodeMessage({ type: 'invite', id: `flood-${index}`, device: 'mallory-phone', content: '', channelId: '' }));
  }
}

function callBob(alice: CallKit): LocalInvitation {
  const invitation = alice.createLocalInvitation('bob');
  invitation.send();
  return invitation;
}

function sumOf(counts: Readonly<Partial<Record<string, number>>>): number {
  return Object.values(counts).reduce<number>((sum, count) => sum + (count ?? 0), 0);
}

describe('an invite flood from one sender', () => {
  it('still lets a legitimate caller ring the same callee, again and again, for the whole answer window', async () => {
    const scene = createFloodScene();
    const { answerMs } = scene.bob.timeouts;
    const stepMs = 100;
    const invitesPerStep = 100;
    const legitimateCalls: LocalInvitation[] = [];
    let sent = 0;
    // 1,000 invites per second for the answer window and a linger period beyond it; alice calls every 10 s.
    for (let elapsed = 0; elapsed <= answerMs + 10_000; elapsed += stepMs) {
      sendUniqueInvites(scene.mallory, invitesPerStep, sent);
      sent += invitesPerStep;
      if (elapsed % 10_000 === 0) legitimateCalls.push(callBob(scene.alice));
      await settle(stepMs);
      expect(scene.bob.stats().liveRemoteInvitations).toBeLessThanOrEqual(10 + legitimateCalls.length);
    }
    expect(legitimateCalls).toHaveLength(8);
    expect(legitimateCalls.map((call) => call.state)).toEqual(legitimateCalls.map(() => 'ACCEPTED_BY_REMOTE'));
    const fromMallory = scene.rang.filter((caller) => caller === 'mallory').length;
    const { dropped } = scene.bob.stats();
    // Every invite mallory sent either rang or was dropped, and each drop was counted under one of the admission reasons.
    expect(fromMallory + (dropped['too-many-invitations-from-caller'] ?? 0) + (dropped['invite-rate-exceeded'] ?? 0)).toBe(sent);
    expect(dropped['too-many-invitations']).toBeUndefined();
    expect(sumOf(dropped)).toBe(sent - fromMallory);
    // Mallory's share: ten held at once, ringing for answerMs then lingering, so at most two rounds in 70 s.
    expect(fromMallory).toBeGreaterThanOrEqual(10);
    expect(fromMallory).toBeLessThanOrEqual(20);
    await scene.close();
  });

  it('uses only its own share of a tight total bound, leaving the rest to other callers', async () => {
    const scene = createFloodScene({ maxIncomingInvitations: 12, maxIncomingInvitationsPerCaller: 4 });
    sendUniqueInvites(scene.mallory, 10_000, 0);
    await settle(10);
    const call = callBob(scene.alice);
    await settle(10);
    expect(call.state).toBe('ACCEPTED_BY_REMOTE');
    expect(scene.rang.filter((caller) => caller === 'mallory')).toHaveLength(4);
    await scene.close();
  });

  it('with one caller allowed as many as the total, locks everyone else out (why the per-caller bound exists)', async () => {
    const scene = createFloodScene({
      maxIncomingInvitations: 12,
      maxIncomingInvitationsPerCaller: 12,
      maxInvitesPerCallerPerSecond: Infinity,
    });
    sendUniqueInvites(scene.mallory, 100, 0);
    await settle(10);
    const call = callBob(scene.alice);
    await settle(10);
    expect(call.state).toBe('SENT_TO_REMOTE');
    expect(scene.bob.stats().dropped['too-many-invitations-from-caller']).toBe(88);
    expect(scene.bob.stats().dropped['too-many-invitations']).toBe(1);
    await scene.close();
  });

  it('drops new invites over the per-caller rate, and lets the caller’s re-send through a second later', async () => {
    const scene = createFloodScene({ maxInvitesPerCallerPerSecond: 2 });
    const calls = [callBob(scene.alice), callBob(scene.alice), callBob(scene.alice)];
    await settle(10);
    expect(calls.map((call) => call.state)).toEqual(['ACCEPTED_BY_REMOTE', 'ACCEPTED_BY_REMOTE', 'SENT_TO_REMOTE']);
    expect(scene.bob.stats().dropped['invite-rate-exceeded']).toBe(1);
    // The chart re-sends every resendMs (1 s), by which time the caller's allowance has refilled.
    await settle(scene.alice.timeouts.resendMs);
    expect(calls[2]!.state).toBe('ACCEPTED_BY_REMOTE');
    await scene.close();
  });

  it('releases a caller’s share when its invitations settle', async () => {
    const scene = createFloodScene({ maxIncomingInvitationsPerCaller: 2, maxInvitesPerCallerPerSecond: Infinity });
    sendUniqueInvites(scene.mallory, 5, 0);
    await settle(10);
    expect(scene.rang).toEqual(['mallory', 'mallory']);
    const { answerMs, lingerMs } = scene.bob.timeouts;
    await settle(answerMs + lingerMs + 10);
    expect(scene.bob.stats().liveRemoteInvitations).toBe(0);
    sendUniqueInvites(scene.mallory, 5, 100);
    await settle(10);
    expect(scene.rang).toHaveLength(4);
    await scene.close();
  });
});
