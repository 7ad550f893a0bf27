/**
 * Regression tests for the core bugs the properties found, fixed in commit
 * e929bc5. Each names the property that found it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallKit, type RemoteInvitation } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { encodeMessage } from '../../protocol/codec.js';
import { Journal, journalLocalInvitation, journalRemoteInvitation } from './harness/journal.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';
import { createScriptedTransport } from './harness/scripted-transport.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('a receipt that reaches a canceling caller', () => {
  // Found by racesProperty (lifecycle.property.test.ts), FC_SEED=544004721 FC_PATH=71, and by
  // deliveredOrderProperty: CANCELING ignored PEER_RECEIVED, and a refusal crossing the cancel
  // ended the caller with `refused` but no `receivedByPeer`.
  it('fires receivedByPeer before refused when the refusal crosses the cancel', async () => {
    const { transport, deliverMessage } = createScriptedTransport('alice');
    const alice = createCallKit({ userId: 'alice', transport });
    const journal = new Journal();
    const invitation = alice.createLocalInvitation('bob');
    journalLocalInvitation(journal, invitation);

    expect(invitation.send()).toBe('OK');
    expect(invitation.cancel()).toBe('OK');
    deliverMessage('bob', { type: 'receipt', id: invitation.id });
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    deliverMessage('bob', { type: 'refuse', id: invitation.id, response: 'busy' });
    await vi.advanceTimersByTimeAsync(0);

    expect(journal.of('caller', invitation.id).map((entry) => entry.callback)).toEqual(['receivedByPeer', 'refused']);
    await alice.close();
  });
});

describe('a replayed invite of an invitation that ended', () => {
  // Found while checking invariant 7: the callee forgot ended invitations acknowledgeMs + lingerMs after
  // they settled, so a later copy of the invite rang again for a call the caller had long forgotten.
  const { acknowledgeMs, answerMs, lingerMs } = PROPERTY_TIMEOUTS;
  const latency = { minMs: 100, maxMs: 100 };

  async function callRefusedOnce() {
    const network = createMemoryNetwork({ latency });
    const aliceTransport = network.connect('alice');
    const alice = createCallKit({ userId: 'alice', transport: aliceTransport, timeouts: PROPERTY_TIMEOUTS });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), timeouts: PROPERTY_TIMEOUTS });
    const journal = new Journal();
    const rings: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => {
      rings.push(invitation);
      journalRemoteInvitation(journal, invitation);
      if (rings.length === 1) invitation.refuse();
    });
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await vi.advanceTimersByTimeAsync(1_000 + lingerMs);
    // The same frame alice sent, handed to the network again as alice.
    const replay = () => aliceTransport.send('bob', encodeMessage({ type: 'invite', id: invitation.id, device: alice.deviceId, content: '', channelId: '' }));
    const close = () => Promise.all([alice.close(), bob.close()]);
    return { rings, journal, replay, close };
  }

  it('is ignored for acknowledgeMs + answerMs + lingerMs after the callee settled', async () => {
    const { rings, replay, close } = await callRefusedOnce();
    await replay();
    await vi.advanceTimersByTimeAsync(acknowledgeMs + answerMs);
    await replay();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(rings).toHaveLength(1);
    await close();
  });

  it('rings again afterwards, but the caller ends it within one round trip', async () => {
    const { rings, journal, replay, close } = await callRefusedOnce();
    await vi.advanceTimersByTimeAsync(acknowledgeMs + answerMs + lingerMs + 1);
    await replay();
    // The replay itself takes one delay; then the receipt goes out and the expire comes back.
    await vi.advanceTimersByTimeAsync(3 * latency.maxMs + 1);
    const [, late] = rings;
    expect(late?.state).toBe('FAILURE');
    expect(journal.endingsOf('callee', late?.id ?? '').map((entry) => entry.detail)).toContain('INVITATION_EXPIRE');
    await close();
  });
});
