import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { ApiCallAnswer } from './local-invitation.types.js';
import type { LocalInvitationSnapshot, RemoteInvitationSnapshot } from './public-state.js';
import type { LocalInvitationEvent } from './local-invitation.types.js';
import type { RemoteInvitationEvent } from './remote-invitation.types.js';

type ApiEvent<Event extends { type: string }> = Extract<Event, { type: 'SEND' | 'CANCEL' | 'ACCEPT' | 'REFUSE' | 'IGNORE' }>;

/**
 * True when the API call `event` would be taken (answer OK) in `snapshot`.
 *
 * Why not `snapshot.can(event)`: every state of both charts handles every API
 * event, so that a call at the wrong time is answered (ALREADY_END,
 * ALREADY_ACCEPT…) instead of silently ignored. XState's `can()` is therefore
 * true everywhere. This asks the chart itself, with XState's pure
 * `transition()`: nothing is sent to the actor and nothing is executed.
 */
export function canCall(snapshot: LocalInvitationSnapshot, event: ApiEvent<LocalInvitationEvent>): boolean;
/** True when the callee's API call `event` would be taken (answer OK) in `snapshot`; see the caller's form. */
export function canCall(snapshot: RemoteInvitationSnapshot, event: ApiEvent<RemoteInvitationEvent>): boolean;
/** The implementation of both forms. */
export function canCall(
  snapshot: LocalInvitationSnapshot | RemoteInvitationSnapshot,
  event: ApiEvent<LocalInvitationEvent> | ApiEvent<RemoteInvitationEvent>,
): boolean {
  const before: ApiCallAnswer | undefined = snapshot.context.lastCall;
  // Each snapshot carries its own machine; the union of the two does not narrow, so go through the Any types.
  const machine: AnyStateMachine = snapshot.machine;
  const [after] = transition(machine, snapshot as AnyMachineSnapshot, event);
  const answer = (after.context as { lastCall?: ApiCallAnswer }).lastCall;
  return answer !== undefined && answer !== before && answer.result === 'OK';
}
