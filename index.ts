export { createCallKit } from './kit/index.js';
export type {
  AdmissionRefusal,
  CallKit,
  CallKitEvents,
  CallKitMachines,
  CallKitOptions,
  CallKitStats,
  DropReason,
  ListenerOptions,
  LocalInvitation,
  LocalInvitationActor,
  LocalInvitationEvents,
  LocalInvitationOptions,
  LocalInvitationOutcome,
  RemoteInvitation,
  RemoteInvitationActor,
  RemoteInvitationEvents,
  RemoteInvitationOutcome,
} from './kit/index.js';
export {
  DEFAULT_TIMEOUTS,
  InvitationApiCallError,
  InvitationEndReason,
  LocalInvitationFailureReason,
  LocalInvitationState,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from './machines/constants.js';
export type { InvitationTimeouts } from './machines/constants.js';
export { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, MAX_USER_ID_BYTES, PROTOCOL_VERSION } from './protocol/index.js';
export type { CalleeMessage, CallerMessage, DecodeFailure, WireMessage } from './protocol/index.js';
export { TransportError, isPeerOfflineError } from './adapters/transport.js';
export type { Transport, TransportErrorCode } from './adapters/transport.js';
