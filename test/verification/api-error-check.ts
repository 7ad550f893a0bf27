/**
 * Checks a pair of charts against the reference table of api-error-table.ts:
 * every state is reached through the public API and the peer's messages, each
 * call is made on a fresh copy of that state, and both the answer and "a
 * refused call changes nothing" are checked, while the actor still runs and
 * again after it settled. Needs vitest fake timers.
 */
import { vi } from 'vitest';
import { createCallKit, type CallKit, type LocalInvitation, type RemoteInvitation } from '../../index.js';
import {
  CALLEE_CALLS,
  CALLEE_STATES,
  CALLEE_TABLE,
  CALLER_CALLS,
  CALLER_PUBLIC_STATE,
  CALLER_STATES,
  CALLER_TABLE,
  type CalleeCall,
  type CalleeStateName,
  type CallerCall,
  type CallerStateName,
} from './api-error-table.js';
import { createScriptedTransport, type ScriptedTransport } from './harness/scripted-transport.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';
import type { ChartsUnderTest } from './harness/world.js';

const OVERSIZED = 'é'.repeat(4097);

interface Reached<TInvitation> {
  readonly kit: CallKit;
  readonly invitation: TInvitation;
  readonly wire: ScriptedTransport;
}

async function callerIn(state: CallerStateName, charts: ChartsUnderTest, content: string): Promise<Reached<LocalInvitation>> {
  const wire = createScriptedTransport('alice');
  const kit = createCallKit({ userId: 'alice', transport: wire.transport, timeouts: PROPERTY_TIMEOUTS, machines: charts });
  const invitation = kit.createLocalInvitation('bob', { content });
  const { id } = invitation;
  const receipt = () => wire.deliverMessage('bob', { type: 'receipt', id });
  const steps: Record<CallerStateName, Array<() => unknown>> = {
    IDLE: [],
    SENT_TO_REMOTE: [() => invitation.send()],
    RECEIVED_BY_REMOTE: [() => invitation.send(), receipt],
    'CANCELING (unacknowledged)': [() => invitation.send(), () => invitation.cancel()],
    'CANCELING (acknowledged)': [() => invitation.send(), receipt, () => invitation.cancel()],
    ACCEPTED_BY_REMOTE: [() => invitation.send(), receipt, () => wire.deliverMessage('bob', { type: 'accept', id, response: '' })],
    REFUSED_BY_REMOTE: [() => invitation.send(), receipt, () => wire.deliverMessage('bob', { type: 'refuse', id, response: '' })],
    CANCELED: [() => invitation.send(), () => invitation.cancel(), () => wire.deliverMessage('bob', { type: 'cancel-ack', id })],
    FAILURE: [() => invitation.send(), () => vi.advanceTimersByTimeAsync(PROPERTY_TIMEOUTS.acknowledgeMs)],
  };
  for (const step of steps[state]) await step();
  return { kit, invitation, wire };
}

async function calleeIn(state: CalleeStateName, charts: ChartsUnderTest): Promise<Reached<RemoteInvitation>> {
  const wire = createScriptedTransport('bob');
  const kit = createCallKit({ userId: 'bob', transport: wire.transport, timeouts: PROPERTY_TIMEOUTS, machines: charts });
  let ringing: RemoteInvitation | undefined;
  kit.on('remoteInvitationReceived', (invitation) => {
    ringing = invitation;
  });
  const id = 'invitation-1';
  wire.deliverMessage('alice', { type: 'invite', id, content: '', channelId: '' });
  await vi.advanceTimersByTimeAsync(0);
  if (!ringing) throw new Error('the invite did not ring');
  const invitation = ringing;
  const steps: Record<CalleeStateName, Array<() => unknown>> = {
    INVITATION_RECEIVED: [],
    ACCEPT_SENT_TO_LOCAL: [() => invitation.accept()],
    ACCEPTED: [() => invitation.accept(), () => wire.deliverMessage('alice', { type: 'confirm', id })],
    REFUSED: [() => invitation.refuse()],
    CANCELED: [() => wire.deliverMessage('alice', { type: 'cancel', id })],
    FAILURE: [() => wire.deliverMessage('alice', { type: 'expire', id })],
    IGNORED: [() => invitation.ignore()],
  };
  for (const step of steps[state]) await step();
  return { kit, invitation, wire };
}

function topLevelStateOf(invitation: LocalInvitation | RemoteInvitation): string {
  const { value } = invitation.actor.getSnapshot();
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

const ENDED_CALLER_STATES = new Set<string>(['ACCEPTED_BY_REMOTE', 'REFUSED_BY_REMOTE', 'CANCELED', 'FAILURE']);
const ENDED_CALLEE_STATES = new Set<string>(['ACCEPTED', 'REFUSED', 'CANCELED', 'FAILURE', 'IGNORED']);

/** The table's entries the caller chart gets wrong, in words. */
export async function callerApiMismatches(charts: ChartsUnderTest = {}): Promise<string[]> {
  const mismatches: string[] = [];
  for (const state of CALLER_STATES) {
    for (const settled of ENDED_CALLER_STATES.has(state) ? [false, true] : [false]) {
      for (const call of CALLER_CALLS) {
        const content = call === 'send (content over 8192 bytes)' ? OVERSIZED : '';
        // Content is only settable in IDLE: reach the state with the oversized content already in place.
        const { kit, invitation, wire } = await callerIn(state, charts, state === 'IDLE' ? content : '');
        if (settled) await vi.advanceTimersByTimeAsync(PROPERTY_TIMEOUTS.lingerMs + 1);
        const where = `${state}${settled ? ' (settled)' : ''} · ${call}`;
        const publicBefore = invitation.state;
        if (publicBefore !== CALLER_PUBLIC_STATE[state]) mismatches.push(`${where}: public state ${publicBefore}`);
        const stateBefore = topLevelStateOf(invitation);
        const framesBefore = wire.sent.length;
        const answer = call === 'cancel' ? invitation.cancel() : invitation.send();
        const expected = CALLER_TABLE[state][call as CallerCall];
        if (answer !== expected) mismatches.push(`${where}: answered ${answer}, table says ${expected}`);
        if (answer !== 'OK' && (topLevelStateOf(invitation) !== stateBefore || wire.sent.length !== framesBefore)) {
          mismatches.push(`${where}: a refused call changed the state or sent a frame`);
        }
        await kit.close();
      }
    }
  }
  return mismatches;
}

/** The table's entries the callee chart gets wrong, in words. */
export async function calleeApiMismatches(charts: ChartsUnderTest = {}): Promise<string[]> {
  const mismatches: string[] = [];
  for (const state of CALLEE_STATES) {
    for (const settled of ENDED_CALLEE_STATES.has(state) ? [false, true] : [false]) {
      for (const call of CALLEE_CALLS) {
        const { kit, invitation, wire } = await calleeIn(state, charts);
        if (settled) await vi.advanceTimersByTimeAsync(PROPERTY_TIMEOUTS.lingerMs + 1);
        const where = `${state}${settled ? ' (settled)' : ''} · ${call}`;
        if (invitation.state !== state) mismatches.push(`${where}: public state ${invitation.state}`);
        const stateBefore = topLevelStateOf(invitation);
        const framesBefore = wire.sent.length;
        const response = call.includes('over') ? OVERSIZED : 'fine';
        const answer =
          call === 'ignore'
            ? invitation.ignore()
            : call.startsWith('accept')
              ? invitation.accept(response)
              : invitation.refuse(response);
        const expected = CALLEE_TABLE[state][call as CalleeCall];
        if (answer !== expected) mismatches.push(`${where}: answered ${answer}, table says ${expected}`);
        if (answer !== 'OK' && (topLevelStateOf(invitation) !== stateBefore || wire.sent.length !== framesBefore)) {
          mismatches.push(`${where}: a refused call changed the state or sent a frame`);
        }
        await kit.close();
      }
    }
  }
  return mismatches;
}
