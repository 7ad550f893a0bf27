import { getNextSnapshot, type Actor, type AnyMachineSnapshot, type AnyStateMachine, type EventFromLogic } from 'xstate';
import type { InvitationApiCallError } from '../machines/constants.js';
import type { ApiCallAnswer } from '../machines/local-invitation.types.js';

function lastCallOf(snapshot: AnyMachineSnapshot): ApiCallAnswer | undefined {
  return (snapshot.context as { lastCall?: ApiCallAnswer }).lastCall;
}

/**
 * Sends an API event to an invitation's chart and returns the chart's answer.
 *
 * An ended invitation's chart is done once it has settled (or stopped, when the
 * kit closed); its chart still decides the answer, evaluated purely in the
 * ended state it settled from, so a late `accept()` keeps returning
 * ALREADY_END exactly as the diagram says.
 */
export function askChart<TMachine extends AnyStateMachine>(
  actor: Actor<TMachine>,
  event: EventFromLogic<TMachine>,
): InvitationApiCallError {
  const before = actor.getSnapshot() as AnyMachineSnapshot;
  let after: AnyMachineSnapshot;
  if (before.status === 'active') {
    actor.send(event);
    after = actor.getSnapshot() as AnyMachineSnapshot;
  } else {
    const machine: AnyStateMachine = actor.logic;
    // A settled chart is done and takes no events: ask the ended state its output names, where it lingered.
    const value: unknown = before.status === 'done' ? (before.output as { state: string }).state : before.value;
    const resumed = machine.resolveState({ value: value as AnyMachineSnapshot['value'], context: before.context });
    after = getNextSnapshot(machine, resumed, event) as AnyMachineSnapshot;
  }
  const answer = lastCallOf(after);
  if (!answer || answer === lastCallOf(before)) {
    // Every state handles every API event; reaching this is a bug in a chart.
    throw new Error(`The invitation chart did not answer ${event.type} in state ${JSON.stringify(before.value)}`);
  }
  return answer.result;
}
