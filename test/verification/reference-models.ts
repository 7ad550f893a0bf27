/**
 * Small reference models of both ends of an invitation, written from
 * SPEC.md, and the fast-check commands that drive the real kit and the model
 * side by side (`fc.asyncModelRun`). The test plays the peer by hand over a
 * scripted transport and moves simulated time with vitest's fake timers.
 *
 * After every command the real invitation must agree with the model on the
 * public state, the failure reason, the API answer (via the reference table)
 * and the number of terminal callbacks (exactly one once ended).
 */
import fc from 'fast-check';
import { vi } from 'vitest';
import { createCallKit, type CallKit, type LocalInvitation, type RemoteInvitation } from '../../index.js';
import {
  CALLEE_TABLE,
  CALLER_PUBLIC_STATE,
  CALLER_TABLE,
  type CalleeStateName,
  type CallerStateName,
} from './api-error-table.js';
import { Journal, journalLocalInvitation, journalRemoteInvitation } from './harness/journal.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';
import { createScriptedTransport, type ScriptedTransport } from './harness/scripted-transport.js';
import type { ChartsUnderTest } from './harness/world.js';

const { acknowledgeMs, answerMs, confirmMs } = PROPERTY_TIMEOUTS;
const OVERSIZED = '€'.repeat(2731);

type ModelCommand<Model extends object, Real> = fc.AsyncCommand<Model, Real, false>;

function command<Model extends object, Real>(
  name: string,
  run: (model: Model, real: Real) => Promise<void>,
): ModelCommand<Model, Real> {
  return { check: () => true, run, toString: () => name };
}

function failIf(condition: boolean, message: string): void {
  if (condition) throw new Error(message);
}

/* ------------------------------------------------------------------ caller */

type CallerPhase = 'IDLE' | 'SENT' | 'RECEIVED' | 'CANCELING' | 'ACCEPTED' | 'REFUSED' | 'CANCELED' | 'FAILURE';

interface CallerModel {
  phase: CallerPhase;
  acknowledged: boolean;
  /** When the current phase times out, in simulated ms since the start. */
  deadline: number;
  now: number;
  failureReason: string | undefined;
}

interface CallerReal {
  readonly kit: CallKit;
  readonly invitation: LocalInvitation;
  readonly wire: ScriptedTransport;
  readonly journal: Journal;
}

const CALLER_ENDED: ReadonlySet<CallerPhase> = new Set(['ACCEPTED', 'REFUSED', 'CANCELED', 'FAILURE']);

function callerTableRow(model: CallerModel): CallerStateName {
  switch (model.phase) {
    case 'IDLE':
      return 'IDLE';
    case 'SENT':
      return 'SENT_TO_REMOTE';
    case 'RECEIVED':
      return 'RECEIVED_BY_REMOTE';
    case 'CANCELING':
      return model.acknowledged ? 'CANCELING (acknowledged)' : 'CANCELING (unacknowledged)';
    case 'ACCEPTED':
      return 'ACCEPTED_BY_REMOTE';
    case 'REFUSED':
      return 'REFUSED_BY_REMOTE';
    case 'CANCELED':
      return 'CANCELED';
    case 'FAILURE':
      return 'FAILURE';
  }
}

function enterCaller(model: CallerModel, phase: CallerPhase, timeoutMs = 0): void {
  model.phase = phase;
  model.deadline = model.now + timeoutMs;
}

async function checkCaller(model: CallerModel, real: CallerReal, step: string): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  const expectedState = CALLER_PUBLIC_STATE[callerTableRow(model)];
  failIf(real.invitation.state !== expectedState, `${step}: state ${real.invitation.state}, model ${expectedState}`);
  failIf(real.invitation.failureReason !== model.failureReason, `${step}: failure ${real.invitation.failureReason}, model ${model.failureReason}`);
  const endings = real.journal.endingsOf('caller', real.invitation.id).length;
  failIf(endings !== (CALLER_ENDED.has(model.phase) ? 1 : 0), `${step}: ${endings} terminal callbacks in ${model.phase}`);
}

function callerCommands(): fc.Arbitrary<ModelCommand<CallerModel, CallerReal>>[] {
  const peer = (label: string, deliver: (real: CallerReal) => void, next: (model: CallerModel) => void) =>
    fc.constant(
      command<CallerModel, CallerReal>(label, async (model, real) => {
        deliver(real);
        next(model);
        await checkCaller(model, real, label);
      }),
    );
  const call = (label: 'send' | 'send (content over 8192 bytes)' | 'cancel') =>
    fc.constant(
      command<CallerModel, CallerReal>(label, async (model, real) => {
        const expected = CALLER_TABLE[callerTableRow(model)][label];
        if (label !== 'cancel' && model.phase === 'IDLE') real.invitation.content = label === 'send' ? 'hello' : OVERSIZED;
        const answer = label === 'cancel' ? real.invitation.cancel() : real.invitation.send();
        failIf(answer !== expected, `${label} in ${model.phase}: answered ${answer}, table says ${expected}`);
        if (answer === 'OK' && label === 'send') enterCaller(model, 'SENT', acknowledgeMs);
        if (answer === 'OK' && label === 'cancel' && model.phase !== 'CANCELING') enterCaller(model, 'CANCELING', confirmMs);
        await checkCaller(model, real, label);
      }),
    );
  return [
    call('send'),
    call('send (content over 8192 bytes)'),
    call('cancel'),
    peer(
      'peer: receipt',
      (real) => real.wire.deliverMessage('bob', { type: 'receipt', id: real.invitation.id }),
      (model) => {
        // A receipt proves the callee rang, even while the caller is canceling.
        if (model.phase === 'CANCELING') model.acknowledged = true;
        if (model.phase !== 'SENT') return;
        model.acknowledged = true;
        enterCaller(model, 'RECEIVED', answerMs);
      },
    ),
    peer(
      'peer: accept',
      (real) => real.wire.deliverMessage('bob', { type: 'accept', id: real.invitation.id, response: 'yes' }),
      (model) => {
        // An accept proves the callee rang; one that crosses a cancel loses to it.
        if (model.phase === 'CANCELING') model.acknowledged = true;
        if (model.phase === 'SENT' || model.phase === 'RECEIVED') enterCaller(model, 'ACCEPTED');
      },
    ),
    peer(
      'peer: refuse',
      (real) => real.wire.deliverMessage('bob', { type: 'refuse', id: real.invitation.id, response: 'no' }),
      (model) => {
        // The refusal is the callee's final word, even across a cancel.
        if (model.phase === 'SENT' || model.phase === 'RECEIVED' || model.phase === 'CANCELING') enterCaller(model, 'REFUSED');
      },
    ),
    peer(
      'peer: cancel-ack',
      (real) => real.wire.deliverMessage('bob', { type: 'cancel-ack', id: real.invitation.id }),
      (model) => {
        if (model.phase === 'CANCELING') enterCaller(model, 'CANCELED');
      },
    ),
    fc.integer({ min: 1, max: answerMs + confirmMs }).map((ms) =>
      command<CallerModel, CallerReal>(`time passes: ${ms} ms`, async (model, real) => {
        await vi.advanceTimersByTimeAsync(ms);
        model.now += ms;
        const timedOut = model.now >= model.deadline;
        if (timedOut && model.phase === 'SENT') {
          model.failureReason = 'PEER_NO_RESPONSE';
          enterCaller(model, 'FAILURE');
        } else if (timedOut && model.phase === 'RECEIVED') {
          model.failureReason = 'INVITATION_EXPIRE';
          enterCaller(model, 'FAILURE');
        } else if (timedOut && model.phase === 'CANCELING') {
          enterCaller(model, 'CANCELED');
        }
        await checkCaller(model, real, `time passes: ${ms} ms`);
      }),
    ),
  ];
}

/** The caller's chart against its reference model. */
export function callerModelProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(fc.commands(callerCommands(), { maxCommands: 25 }), async (commands) => {
    const wire = createScriptedTransport('alice');
    const kit = createCallKit({ userId: 'alice', transport: wire.transport, timeouts: PROPERTY_TIMEOUTS, machines: charts });
    const invitation = kit.createLocalInvitation('bob');
    const journal = new Journal();
    journalLocalInvitation(journal, invitation);
    const model: CallerModel = { phase: 'IDLE', acknowledged: false, deadline: Infinity, now: 0, failureReason: undefined };
    try {
      await fc.asyncModelRun(() => ({ model, real: { kit, invitation, wire, journal } }), commands);
    } finally {
      await kit.close();
      vi.clearAllTimers();
    }
  });
}

/* ------------------------------------------------------------------ callee */

type CalleePhase = CalleeStateName;

interface CalleeModel {
  phase: CalleePhase;
  deadline: number;
  now: number;
  failureReason: string | undefined;
}

interface CalleeReal {
  readonly kit: CallKit;
  readonly invitation: RemoteInvitation;
  readonly wire: ScriptedTransport;
  readonly journal: Journal;
}

const CALLEE_ENDED: ReadonlySet<CalleePhase> = new Set(['ACCEPTED', 'REFUSED', 'CANCELED', 'FAILURE']);
const INVITATION_ID = 'invitation-1';

function enterCallee(model: CalleeModel, phase: CalleePhase, timeoutMs = 0): void {
  model.phase = phase;
  model.deadline = model.now + timeoutMs;
}

async function checkCallee(model: CalleeModel, real: CalleeReal, step: string): Promise<void> {
  await vi.advanceTimersByTimeAsync(0);
  failIf(real.invitation.state !== model.phase, `${step}: state ${real.invitation.state}, model ${model.phase}`);
  failIf(real.invitation.failureReason !== model.failureReason, `${step}: failure ${real.invitation.failureReason}, model ${model.failureReason}`);
  const endings = real.journal.endingsOf('callee', real.invitation.id).length;
  failIf(endings !== (CALLEE_ENDED.has(model.phase) ? 1 : 0), `${step}: ${endings} terminal callbacks in ${model.phase}`);
}

function calleeCommands(): fc.Arbitrary<ModelCommand<CalleeModel, CalleeReal>>[] {
  const answerCall = (label: 'accept' | 'accept (response over 8192 bytes)' | 'refuse' | 'refuse (response over 8192 bytes)') =>
    fc.constant(
      command<CalleeModel, CalleeReal>(label, async (model, real) => {
        const expected = CALLEE_TABLE[model.phase][label];
        const response = label.includes('over') ? OVERSIZED : 'fine';
        const answer = label.startsWith('accept') ? real.invitation.accept(response) : real.invitation.refuse(response);
        failIf(answer !== expected, `${label} in ${model.phase}: answered ${answer}, table says ${expected}`);
        if (answer === 'OK') {
          if (label.startsWith('accept')) enterCallee(model, 'ACCEPT_SENT_TO_LOCAL', confirmMs);
          else enterCallee(model, 'REFUSED');
        }
        await checkCallee(model, real, label);
      }),
    );
  const peer = (label: string, type: 'invite' | 'cancel' | 'confirm' | 'expire' | 'refusal-ack', next: (model: CalleeModel) => void) =>
    fc.constant(
      command<CalleeModel, CalleeReal>(label, async (model, real) => {
        if (type === 'invite') real.wire.deliverMessage('alice', { type, id: INVITATION_ID, content: '', channelId: '' });
        else real.wire.deliverMessage('alice', { type, id: INVITATION_ID });
        next(model);
        await checkCallee(model, real, label);
      }),
    );
  const ringingOrAccepting = (model: CalleeModel) => model.phase === 'INVITATION_RECEIVED' || model.phase === 'ACCEPT_SENT_TO_LOCAL';
  return [
    answerCall('accept'),
    answerCall('accept (response over 8192 bytes)'),
    answerCall('refuse'),
    answerCall('refuse (response over 8192 bytes)'),
    peer('peer: invite again', 'invite', () => {}),
    peer('peer: cancel', 'cancel', (model) => {
      if (ringingOrAccepting(model)) enterCallee(model, 'CANCELED');
    }),
    peer('peer: confirm', 'confirm', (model) => {
      if (model.phase === 'ACCEPT_SENT_TO_LOCAL') enterCallee(model, 'ACCEPTED');
    }),
    peer('peer: expire', 'expire', (model) => {
      if (!ringingOrAccepting(model)) return;
      model.failureReason = 'INVITATION_EXPIRE';
      enterCallee(model, 'FAILURE');
    }),
    peer('peer: refusal-ack', 'refusal-ack', () => {}),
    fc.integer({ min: 1, max: answerMs + confirmMs }).map((ms) =>
      command<CalleeModel, CalleeReal>(`time passes: ${ms} ms`, async (model, real) => {
        await vi.advanceTimersByTimeAsync(ms);
        model.now += ms;
        const timedOut = model.now >= model.deadline;
        if (timedOut && model.phase === 'INVITATION_RECEIVED') {
          model.failureReason = 'INVITATION_EXPIRE';
          enterCallee(model, 'FAILURE');
        } else if (timedOut && model.phase === 'ACCEPT_SENT_TO_LOCAL') {
          model.failureReason = 'ACCEPT_FAILURE';
          enterCallee(model, 'FAILURE');
        }
        await checkCallee(model, real, `time passes: ${ms} ms`);
      }),
    ),
  ];
}

/** The callee's chart against its reference model. */
export function calleeModelProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(fc.commands(calleeCommands(), { maxCommands: 25 }), async (commands) => {
    const wire = createScriptedTransport('bob');
    const kit = createCallKit({ userId: 'bob', transport: wire.transport, timeouts: PROPERTY_TIMEOUTS, machines: charts });
    let ringing: RemoteInvitation | undefined;
    kit.on('remoteInvitationReceived', (invitation) => {
      ringing = invitation;
    });
    wire.deliverMessage('alice', { type: 'invite', id: INVITATION_ID, content: '', channelId: '' });
    await vi.advanceTimersByTimeAsync(0);
    if (!ringing) throw new Error('the invite did not ring');
    const invitation: RemoteInvitation = ringing;
    const journal = new Journal();
    journalRemoteInvitation(journal, invitation);
    const model: CalleeModel = { phase: 'INVITATION_RECEIVED', deadline: answerMs, now: 0, failureReason: undefined };
    try {
      await fc.asyncModelRun(() => ({ model, real: { kit, invitation, wire, journal } }), commands);
    } finally {
      await kit.close();
      vi.clearAllTimers();
    }
  });
}
