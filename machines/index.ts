export { localInvitationMachine } from './local-invitation.machine.js';
export { remoteInvitationMachine } from './remote-invitation.machine.js';
export { localInvitationStateOf, remoteInvitationStateOf } from './public-state.js';
export { canCall } from './can-call.js';
export type { LocalInvitationSnapshot, RemoteInvitationSnapshot } from './public-state.js';
export {
  DEFAULT_TIMEOUTS,
  InvitationApiCallError,
  InvitationEndReason,
  LocalInvitationFailureReason,
  LocalInvitationState,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from './constants.js';
export type { InvitationTimeouts } from './constants.js';
export { glareWinner } from './glare.js';
export type { CrossingInvitation } from './glare.js';
export { UNTRACKED_MESSAGE_RULES, endedInvitationMemoryMs } from './untracked-messages.js';
export type { UntrackedMessageRule } from './untracked-messages.js';
export type {
  ApiCallAnswer,
  LocalInvitationContext,
  LocalInvitationEmitted,
  LocalInvitationEvent,
  LocalInvitationInput,
  LocalInvitationOutcome,
  LocalInvitationTag,
} from './local-invitation.types.js';
export type {
  RemoteInvitationContext,
  RemoteInvitationEmitted,
  RemoteInvitationEvent,
  RemoteInvitationInput,
  RemoteInvitationOutcome,
  RemoteInvitationTag,
} from './remote-invitation.types.js';
