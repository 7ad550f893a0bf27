/**
 * The lifecycle invariants of docs/invariants.md as pure checks over the
 * outcome of a run. Each returns the violations it found, in words; an empty
 * list means the invariant held.
 */
import type { CallRecord, Outcome } from './harness/world.js';
import type { JournalEntry } from './harness/journal.js';

/** Slack on the termination bounds: simulated timers fire on time, callbacks follow on a microtask. */
export const TERMINATION_GRACE_MS = 1;

function describeCall(call: CallRecord): string {
  return `call #${call.planIndex} (${call.caller.id})`;
}

function names(entries: readonly JournalEntry[]): string {
  return entries.map((entry) => (entry.detail ? `${entry.callback}(${entry.detail})` : entry.callback)).join(' → ') || 'nothing';
}

/** Invariant 1: exactly one terminal callback per side, within the configured bounds plus the grace. */
export function checkTermination(outcome: Outcome): string[] {
  const { acknowledgeMs, answerMs, confirmMs } = outcome.timeouts;
  const callerBound = acknowledgeMs + answerMs + confirmMs + TERMINATION_GRACE_MS;
  const calleeBound = answerMs + confirmMs + TERMINATION_GRACE_MS;
  const violations: string[] = [];
  for (const call of outcome.calls) {
    if (call.sendResult !== 'OK') continue;
    const endings = outcome.journal.endingsOf('caller', call.caller.id);
    if (endings.length !== 1) violations.push(`${describeCall(call)}: caller ended ${endings.length} times`);
    const ending = endings[0];
    if (ending && ending.at - call.sentAt > callerBound) {
      violations.push(`${describeCall(call)}: caller ended ${ending.at - call.sentAt} ms after send (bound ${callerBound})`);
    }
    if (call.callee && call.receivedAt !== undefined) {
      const calleeEndings = outcome.journal.endingsOf('callee', call.callee.id);
      if (calleeEndings.length !== 1) violations.push(`${describeCall(call)}: callee ended ${calleeEndings.length} times`);
      const calleeEnding = calleeEndings[0];
      if (calleeEnding && calleeEnding.at - call.receivedAt > calleeBound) {
        violations.push(
          `${describeCall(call)}: callee ended ${calleeEnding.at - call.receivedAt} ms after ringing (bound ${calleeBound})`,
        );
      }
    }
  }
  return violations;
}

const CALLER_SEQUENCE = /^(receivedByPeer (accepted|refused)|(receivedByPeer )?(canceled|failure))$/;
const CALLEE_SEQUENCE = /^(accepted|refused|canceled|failure)$/;

/**
 * Invariant 2: one ending per side, nothing after it, and only the orders the
 * chart allows. The cancel order (callee first) is only promised when the
 * callee can be reached, so `networkDelivers` says whether to check it.
 */
export function checkOneEnding(outcome: Outcome, { networkDelivers }: { networkDelivers: boolean }): string[] {
  const violations: string[] = [];
  for (const call of outcome.calls) {
    const callerEntries = outcome.journal.of('caller', call.caller.id);
    const callerSequence = callerEntries.map((entry) => entry.callback).join(' ');
    if (call.sendResult !== 'OK') {
      if (callerEntries.length > 0) violations.push(`${describeCall(call)}: callbacks without a send: ${names(callerEntries)}`);
      continue;
    }
    if (!CALLER_SEQUENCE.test(callerSequence)) {
      violations.push(`${describeCall(call)}: caller saw ${names(callerEntries)}`);
    }
    if (!call.callee) continue;
    const calleeEntries = outcome.journal.of('callee', call.callee.id);
    if (!CALLEE_SEQUENCE.test(calleeEntries.map((entry) => entry.callback).join(' '))) {
      violations.push(`${describeCall(call)}: callee saw ${names(calleeEntries)}`);
    }
    const callerCanceled = callerEntries.find((entry) => entry.callback === 'canceled');
    const calleeCanceled = calleeEntries.find((entry) => entry.callback === 'canceled');
    // A caller whose kit closes while canceling ends NOT_LOGGEDIN instead; everywhere else a callee cancel is the caller's.
    if (calleeCanceled && !callerCanceled && outcome.scenario.closeAtMs === undefined) {
      violations.push(`${describeCall(call)}: callee canceled but caller saw ${names(callerEntries)}`);
    }
    if (networkDelivers && callerCanceled && calleeCanceled && calleeCanceled.sequence > callerCanceled.sequence) {
      violations.push(`${describeCall(call)}: caller's canceled came before the callee's`);
    }
  }
  for (const error of outcome.callbackErrors) violations.push(`an app callback threw: ${String(error)}`);
  if (outcome.strayInvitations.length > 0) {
    violations.push(`${outcome.strayInvitations.length} invitation(s) rang that no caller sent`);
  }
  return violations;
}

/** How one side of a call ended, from its terminal callback. */
export function endingOf(outcome: Outcome, call: CallRecord, side: 'caller' | 'callee'): string {
  const invitation = side === 'caller' ? call.caller : call.callee;
  if (!invitation) return 'never-rang';
  const ending = outcome.journal.endingsOf(side, invitation.id)[0];
  if (!ending) return 'pending';
  return ending.callback === 'failure' ? `failure(${ending.detail})` : ending.callback;
}

/** A call where exactly one side counts the call as connected. */
export interface Disagreement {
  readonly call: CallRecord;
  readonly caller: string;
  readonly callee: string;
}

export function disagreementsOf(outcome: Outcome): Disagreement[] {
  const found: Disagreement[] = [];
  for (const call of outcome.calls) {
    if (call.sendResult !== 'OK') continue;
    const caller = endingOf(outcome, call, 'caller');
    const callee = endingOf(outcome, call, 'callee');
    if ((caller === 'accepted') !== (callee === 'accepted')) found.push({ call, caller, callee });
  }
  return found;
}

/** Invariant 3, on a network that eventually delivers: caller ACCEPTED_BY_REMOTE ⇔ callee ACCEPTED. */
export function checkAgreement(outcome: Outcome): string[] {
  return disagreementsOf(outcome).map(
    ({ call, caller, callee }) => `${describeCall(call)}: caller ${caller}, callee ${callee}`,
  );
}

/** The one disagreement loss can cause: the caller connected, every confirmation was lost. */
export const PERMITTED_LOSSY_DISAGREEMENT = { caller: 'accepted', callee: 'failure(ACCEPT_FAILURE)' } as const;

/** Invariant 3, under loss or unbounded delay: no disagreement but the permitted one. */
export function checkLossyAgreement(outcome: Outcome): string[] {
  return disagreementsOf(outcome)
    .filter(
      ({ caller, callee }) =>
        caller !== PERMITTED_LOSSY_DISAGREEMENT.caller || callee !== PERMITTED_LOSSY_DISAGREEMENT.callee,
    )
    .map(({ call, caller, callee }) => `${describeCall(call)}: caller ${caller}, callee ${callee}`);
}

/** Invariant 5 (transfer part): what the callee and caller received is exactly what the other side sent. */
export function checkPayloadFidelity(outcome: Outcome): string[] {
  const violations: string[] = [];
  for (const call of outcome.calls) {
    const { callee, plan } = call;
    if (callee && (callee.content !== plan.content || callee.channelId !== plan.channelId)) {
      violations.push(`${describeCall(call)}: callee got content/channelId ${JSON.stringify([callee.content.length, callee.channelId])}`);
    }
    for (const entry of outcome.journal.of('caller', call.caller.id)) {
      if (entry.callback !== 'accepted' && entry.callback !== 'refused') continue;
      // Glare (invariant 9): the callee's kit refused the losing invitation itself, with no response.
      const refusedByGlare = entry.callback === 'refused' && call.caller.refuseReason === 'replaced';
      const expected = plan.answer.kind === 'ignore' || refusedByGlare ? '' : plan.answer.response;
      if (entry.detail !== expected) violations.push(`${describeCall(call)}: caller got a different response`);
    }
  }
  return violations;
}

/** Invariant 8: every ended invitation's actor done or stopped, nothing live, no timer left after close. */
export function checkResources(outcome: Outcome): string[] {
  const violations: string[] = [];
  if (outcome.liveInvitations.local > 0 || outcome.liveInvitations.remote > 0) {
    violations.push(`live invitations after the run: ${JSON.stringify(outcome.liveInvitations)}`);
  }
  for (const call of outcome.calls) {
    for (const invitation of [call.caller, call.callee]) {
      // Done: settled in the chart's final state. Stopped: the kit closed before it settled.
      if (invitation && invitation.actor.getSnapshot().status === 'active') {
        violations.push(`${describeCall(call)}: an actor is still ${invitation.actor.getSnapshot().status}`);
      }
    }
  }
  if (outcome.timersAfterClose > 0) violations.push(`${outcome.timersAfterClose} timer(s) pending after close`);
  return violations;
}

/**
 * What one call looked like from both apps, without ids or times: the same
 * call alone and in a crowd must look the same (invariant 6).
 */
export function observableCall(outcome: Outcome, call: CallRecord): string {
  const caller = names(outcome.journal.of('caller', call.caller.id));
  const callee = call.callee ? names(outcome.journal.of('callee', call.callee.id)) : 'never-rang';
  const delivered = call.callee ? JSON.stringify([call.callee.content, call.callee.channelId]) : '';
  return `send ${call.sendResult}; caller: ${caller}; callee: ${callee} ${delivered}`;
}
