import { createWebSocketInspector } from '@statelyai/inspect';
import type { InspectionEvent, Observer } from 'xstate';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { createCallKit, type CallKit } from '../../index.js';
import { waitFor } from '../adapters/waiting.js';
import {
  configurationsOf,
  startInspectionReceiver,
  type InspectionMessage,
  type InspectionReceiver,
} from './inspection-receiver.js';
import { isWorthInspecting } from './quiet-inspector.js';

type Inspector = ReturnType<typeof createWebSocketInspector>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  // Kits first, then inspectors, then receivers: nothing left to report, no socket left to reconnect.
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(): Promise<InspectionReceiver> {
  const started = await startInspectionReceiver();
  cleanups.push(() => started.close());
  return started;
}

/** An inspector whose socket is open: the receiver has its probe, so nothing waits in its small deferral buffer. */
async function connectedInspector(to: InspectionReceiver, options: { filter?: typeof isWorthInspecting } = {}): Promise<Inspector> {
  const inspector = createWebSocketInspector({ url: to.url, ...options });
  cleanups.push(() => inspector.stop());
  inspector.event('probe', { type: 'probe' });
  await waitFor(() => to.messages.some((message) => message.sessionId === 'probe'), 'the inspector connects');
  return inspector;
}

function kitFor(userId: string, network: ReturnType<typeof createMemoryNetwork>, inspect: Observer<InspectionEvent>): CallKit {
  const kit = createCallKit({ userId, transport: network.connect(userId), inspect, timeouts: { lingerMs: 30 } });
  cleanups.push(() => kit.close());
  return kit;
}

function actorsIn(messages: readonly InspectionMessage[]): { name: string; sessionId: string; machineId: string }[] {
  return messages
    .filter((message) => message.type === '@xstate.actor')
    .map((message) => ({
      name: message.name ?? '',
      sessionId: message.sessionId,
      machineId: (JSON.parse(message.definition ?? '{}') as { id?: string }).id ?? '',
    }));
}

function eventTypesOf(messages: readonly InspectionMessage[], sessionId: string): string[] {
  return messages
    .filter((message) => message.type === '@xstate.event' && message.sessionId === sessionId)
    .map((message) => message.event?.type ?? '');
}

describe('createCallKit({ inspect })', () => {
  it('shows both sides of a call in a WebSocket inspector: readable actor names and every state, in order', async () => {
    const inspection = await receiver();
    const inspector = await connectedInspector(inspection);
    const network = createMemoryNetwork();
    const alice = kitFor('alice', network, inspector.inspect);
    const bob = kitFor('bob', network, inspector.inspect);
    bob.on('remoteInvitationReceived', (invitation) => invitation.accept('on my way'));

    const invitation = alice.createLocalInvitation('bob', { content: 'call me', channelId: 'room-1' });
    expect(invitation.send()).toBe('OK');
    await waitFor(
      () => alice.stats().liveLocalInvitations === 0 && bob.stats().liveRemoteInvitations === 0,
      'both invitations settle',
    );

    const expectedName = `invitation:alice→bob:${invitation.id}`;
    await waitFor(
      () => inspection.messages.filter((message) => message.type === '@xstate.actor').length === 2,
      'the inspector reports both actors',
    );
    const actors = actorsIn(inspection.messages);
    expect(actors.map(({ name, machineId }) => ({ name, machineId }))).toEqual([
      { name: expectedName, machineId: 'localInvitation' },
      { name: expectedName, machineId: 'remoteInvitation' },
    ]);
    const [caller, callee] = actors;
    if (!caller || !callee) throw new Error('unreachable: two actors were just checked');

    await waitFor(
      () =>
        configurationsOf(inspection.messages, caller.sessionId).at(-1) === 'SETTLED' &&
        configurationsOf(inspection.messages, callee.sessionId).at(-1) === 'SETTLED',
      'the inspector reports both final snapshots',
    );
    expect(configurationsOf(inspection.messages, caller.sessionId)).toEqual([
      'IDLE',
      'SENT_TO_REMOTE.awaitingReceipt',
      'RECEIVED_BY_REMOTE',
      // Protocol v2: an accepted caller repeats its confirmation to every device of the callee for a while.
      'ACCEPTED_BY_REMOTE.tellingEveryDevice.waiting',
      'SETTLED',
    ]);
    expect(configurationsOf(inspection.messages, callee.sessionId)).toEqual([
      'INVITATION_RECEIVED',
      'ACCEPT_SENT_TO_LOCAL.awaitingConfirmation',
      'ACCEPTED',
      'SETTLED',
    ]);
    expect(eventTypesOf(inspection.messages, caller.sessionId)).toEqual(
      expect.arrayContaining(['SEND', 'PEER_RECEIVED', 'PEER_ACCEPTED']),
    );
    expect(eventTypesOf(inspection.messages, callee.sessionId)).toEqual(
      expect.arrayContaining(['ACCEPT', 'PEER_CONFIRMED']),
    );
  });

  it('keeps every state but none of the re-send and reachability chatter behind the isWorthInspecting filter', async () => {
    const everything = await receiver();
    const filtered = await receiver();
    const unfilteredInspector = await connectedInspector(everything);
    const quietInspector = await connectedInspector(filtered, { filter: isWorthInspecting });
    const network = createMemoryNetwork();
    const alice = createCallKit({
      userId: 'alice',
      transport: network.connect('alice'),
      // Bob never connects: the invite is re-sent every 10 ms until the 150 ms acknowledgement window closes.
      timeouts: { resendMs: 10, acknowledgeMs: 150, lingerMs: 20 },
      inspect: {
        next(event) {
          unfilteredInspector.inspect.next?.(event);
          quietInspector.inspect.next?.(event);
        },
      },
    });
    cleanups.push(() => alice.close());
    const failures: string[] = [];
    const invitation = alice.createLocalInvitation('bob');
    invitation.on('failure', (reason) => failures.push(reason));
    invitation.send();
    await waitFor(() => alice.stats().liveLocalInvitations === 0, 'the invitation settles');

    const sessionOf = (messages: readonly InspectionMessage[]) => actorsIn(messages)[0]?.sessionId ?? '';
    const settled = (messages: readonly InspectionMessage[]) =>
      configurationsOf(messages, sessionOf(messages)).at(-1) === 'SETTLED';
    await waitFor(() => settled(everything.messages) && settled(filtered.messages), 'both inspectors report the end');

    expect(failures).toEqual(['PEER_OFFLINE']);
    const noisyEvents = eventTypesOf(everything.messages, sessionOf(everything.messages));
    const quietEvents = eventTypesOf(filtered.messages, sessionOf(filtered.messages));
    expect(noisyEvents).toContain('PEER_UNREACHABLE');
    expect(noisyEvents.some((type) => type.startsWith('xstate.after.resendInterval.'))).toBe(true);
    const chatter = (type: string) => type === 'PEER_REACHABLE' || type === 'PEER_UNREACHABLE' || type.startsWith('xstate.after.resendInterval.');
    expect(quietEvents.filter(chatter)).toEqual([]);
    expect(quietEvents).toContain('SEND');
    expect(quietEvents.length).toBeLessThan(noisyEvents.length);
    const expectedConfigurations = ['IDLE', 'SENT_TO_REMOTE.awaitingReceipt', 'FAILURE', 'SETTLED'];
    expect(configurationsOf(everything.messages, sessionOf(everything.messages))).toEqual(expectedConfigurations);
    expect(configurationsOf(filtered.messages, sessionOf(filtered.messages))).toEqual(expectedConfigurations);
  });
});
