/**
 * The kit-level half of the conformance suite: whole calls between two kits
 * over the adapter under test, with timeouts shortened so expiry is quick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createCallKit, type CallKit, type InvitationTimeouts, type RemoteInvitation } from '../../index.js';
import type { Transport } from '../../adapters/transport.js';
import { uniqueUserIds, waitFor } from './waiting.js';

/** Short enough to keep the suite fast, long enough for a broker round trip on a busy machine. */
const QUICK_TIMEOUTS: Partial<InvitationTimeouts> = { acknowledgeMs: 4000, answerMs: 6000, confirmMs: 3000, resendMs: 150 };

/** Registers the call scenarios; `connect` opens a transport the outer suite cleans up. */
export function runCallConformance(connect: (userId: string) => Promise<Transport>): void {
  describe('a call between two kits', () => {
    const kits: CallKit[] = [];

    afterEach(async () => {
      await Promise.all(kits.splice(0).map((kit) => kit.close()));
    });

    async function kitFor(
      userId: string,
      timeouts: Partial<InvitationTimeouts> = QUICK_TIMEOUTS,
      deviceId?: string,
    ): Promise<CallKit> {
      const kit = createCallKit({ userId, transport: await connect(userId), timeouts, ...(deviceId === undefined ? {} : { deviceId }) });
      kits.push(kit);
      return kit;
    }

    /** Resolves with the first invitation that rings at `kit`. */
    function nextRing(kit: CallKit): Promise<RemoteInvitation> {
      return new Promise((resolve) => {
        const stop = kit.on('remoteInvitationReceived', (invitation) => {
          stop();
          resolve(invitation);
        });
      });
    }

    it('connects when the callee accepts: invite, accept, confirm', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await kitFor(aliceId);
      const bob = await kitFor(bobId);
      const ringing = nextRing(bob);
      const events: string[] = [];
      let calleeAccepted = false;

      const invitation = alice.createLocalInvitation(bobId, { content: '{"video":true}', channelId: 'room-1' });
      invitation.on('receivedByPeer', () => events.push('receivedByPeer'));
      invitation.on('accepted', (response) => events.push(`accepted:${response}`));
      expect(invitation.send()).toBe('OK');

      const remote = await ringing;
      expect([remote.callerId, remote.content, remote.channelId]).toEqual([aliceId, '{"video":true}', 'room-1']);
      remote.on('accepted', () => {
        calleeAccepted = true;
      });
      expect(remote.accept('see you')).toBe('OK');

      await waitFor(() => events.length === 2 && calleeAccepted, 'both sides reach accepted');
      expect(events).toEqual(['receivedByPeer', 'accepted:see you']);
      expect(invitation.state).toBe('ACCEPTED_BY_REMOTE');
      expect(remote.state).toBe('ACCEPTED');
    });

    it('ends on both sides when the caller cancels a ringing call', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await kitFor(aliceId);
      const bob = await kitFor(bobId);
      const ringing = nextRing(bob);
      let callerCanceled = false;
      let calleeCanceled = false;

      const invitation = alice.createLocalInvitation(bobId);
      invitation.on('canceled', () => {
        callerCanceled = true;
      });
      invitation.send();
      const remote = await ringing;
      remote.on('canceled', () => {
        calleeCanceled = true;
      });
      await waitFor(() => invitation.state === 'RECEIVED_BY_REMOTE', 'the caller hears it ringing');
      expect(invitation.cancel()).toBe('OK');

      await waitFor(() => callerCanceled && calleeCanceled, 'both sides see the cancel');
      expect([invitation.state, remote.state]).toEqual(['CANCELED', 'CANCELED']);
    });

    it('ends on both sides when the callee refuses, carrying the response', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await kitFor(aliceId);
      const bob = await kitFor(bobId);
      const ringing = nextRing(bob);
      let refusal: string | null = null;

      const invitation = alice.createLocalInvitation(bobId);
      invitation.on('refused', (response) => {
        refusal = response;
      });
      invitation.send();
      const remote = await ringing;
      expect(remote.refuse('busy')).toBe('OK');

      await waitFor(() => refusal !== null, 'the caller hears the refusal');
      expect(refusal).toBe('busy');
      expect([invitation.state, remote.state]).toEqual(['REFUSED_BY_REMOTE', 'REFUSED']);
    });

    it('expires on both sides when nobody answers within the answer window', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const shortAnswer = { ...QUICK_TIMEOUTS, answerMs: 400 };
      const alice = await kitFor(aliceId, shortAnswer);
      const bob = await kitFor(bobId, shortAnswer);
      const ringing = nextRing(bob);
      const failures: string[] = [];

      const invitation = alice.createLocalInvitation(bobId);
      invitation.on('failure', (reason) => failures.push(`caller:${reason}`));
      invitation.send();
      const remote = await ringing;
      remote.on('failure', (reason) => failures.push(`callee:${reason}`));

      await waitFor(() => failures.length === 2, 'both sides give up');
      expect(failures.sort()).toEqual(['callee:INVITATION_EXPIRE', 'caller:INVITATION_EXPIRE']);
    });

    it('connects exactly one of the callee’s two devices when both accept, and ends the other ANSWERED_ELSEWHERE', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await kitFor(aliceId);
      const phone = await kitFor(bobId, QUICK_TIMEOUTS, 'phone');
      const laptop = await kitFor(bobId, QUICK_TIMEOUTS, 'laptop');
      const rings = [nextRing(phone), nextRing(laptop)];

      const invitation = alice.createLocalInvitation(bobId);
      expect(invitation.send()).toBe('OK');
      const [onPhone, onLaptop] = await Promise.all(rings);
      // Both answer at once, as two people grabbing two devices would: the caller takes one.
      expect([onPhone!.accept(), onLaptop!.accept()]).toEqual(['OK', 'OK']);

      const ended = (remote: RemoteInvitation) => remote.state === 'ACCEPTED' || remote.state === 'FAILURE';
      await waitFor(() => invitation.state === 'ACCEPTED_BY_REMOTE' && ended(onPhone!) && ended(onLaptop!), 'every device ends');
      const winner = invitation.answeringDeviceId === 'phone' ? onPhone! : onLaptop!;
      const loser = winner === onPhone ? onLaptop! : onPhone!;
      expect(['phone', 'laptop']).toContain(invitation.answeringDeviceId);
      expect(winner.state).toBe('ACCEPTED');
      expect([loser.state, loser.failureReason]).toEqual(['FAILURE', 'ANSWERED_ELSEWHERE']);
    });

    it('lets exactly one of two crossing calls proceed (glare), and refuses the other as replaced on both sides', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await kitFor(aliceId);
      const bob = await kitFor(bobId);
      const rang: RemoteInvitation[] = [];
      alice.on('remoteInvitationReceived', (invitation) => rang.push(invitation));
      bob.on('remoteInvitationReceived', (invitation) => rang.push(invitation));

      const fromAlice = alice.createLocalInvitation(bobId);
      const fromBob = bob.createLocalInvitation(aliceId);
      expect([fromAlice.send(), fromBob.send()]).toEqual(['OK', 'OK']);

      const [lower, higher] = fromAlice.id < fromBob.id ? [fromAlice, fromBob] : [fromBob, fromAlice];
      await waitFor(() => higher.state === 'REFUSED_BY_REMOTE' && rang.length === 1, 'the crossing is resolved');
      expect(higher.refuseReason).toBe('replaced');
      expect(rang.map((invitation) => invitation.id)).toEqual([lower.id]);
      expect(rang[0]!.accept()).toBe('OK');
      await waitFor(() => lower.state === 'ACCEPTED_BY_REMOTE' && rang[0]!.state === 'ACCEPTED', 'the surviving call connects');
    });

    it('fails with PEER_OFFLINE when the callee is not connected', async () => {
      const [aliceId, ghostId] = uniqueUserIds('alice', 'ghost');
      const alice = await kitFor(aliceId, { ...QUICK_TIMEOUTS, acknowledgeMs: 500 });
      let failure: string | null = null;

      const invitation = alice.createLocalInvitation(ghostId);
      invitation.on('failure', (reason) => {
        failure = reason;
      });
      invitation.send();

      await waitFor(() => failure !== null, 'the caller gives up');
      expect(failure).toBe('PEER_OFFLINE');
    });
  });
}
