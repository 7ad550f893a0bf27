/**
 * `call-invitation/agora`: a drop-in for the call invitations of Agora RTM
 * 1.x web (`agora-rtm-sdk`), over any transport. The client, its invitations,
 * their PascalCase events, the throws on misuse and the constants keep
 * Agora's names and shapes, so an Agora web app's call code runs with its
 * import changed. Login, channels, peer messages and presence are not part of
 * it. See docs/migrating-from-agora-rtm.md.
 */
import { createAgoraCompatibleClient } from './client.js';
import {
  InvitationApiCallErrorCode,
  LocalInvitationFailureReason,
  LocalInvitationState,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from './constants.js';

export { createAgoraCompatibleClient, RtmClient } from './client.js';
export type { AgoraCompatibleClientOptions, RtmClientEvents } from './client.js';
export type { AgoraListener, AgoraListenerArguments } from './event-emitter.js';
export { LocalInvitation } from './local-invitation.js';
export type { LocalInvitationEvents } from './local-invitation.js';
export { RemoteInvitation } from './remote-invitation.js';
export type { RemoteInvitationEvents } from './remote-invitation.js';
export {
  InvitationApiCallErrorCode,
  LocalInvitationFailureReason,
  LocalInvitationState,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from './constants.js';
export { RtmError, RtmInvalidArgumentError, RtmInvalidStatusError, RtmUnsupportedError } from './errors.js';
export type { LocalInvitationOutcome, RemoteInvitationOutcome } from '../kit/outcome.js';
export type { Transport } from '../adapters/transport.js';

/**
 * The module object, as `import AgoraRTM from 'agora-rtm-sdk'` gives it: the
 * invitation constants where Agora keeps them (`AgoraRTM.LocalInvitationState`),
 * and {@link createAgoraCompatibleClient} in place of `createInstance` and
 * `login`.
 */
const AgoraRTM = {
  /** Creates a client over a transport: see {@link createAgoraCompatibleClient}. */
  createAgoraCompatibleClient,
  /** The caller's states: see {@link LocalInvitationState}. */
  LocalInvitationState,
  /** The callee's states: see {@link RemoteInvitationState}. */
  RemoteInvitationState,
  /** Why a caller's invitation failed: see {@link LocalInvitationFailureReason}. */
  LocalInvitationFailureReason,
  /** Why a callee's invitation failed: see {@link RemoteInvitationFailureReason}. */
  RemoteInvitationFailureReason,
  /** The numeric `code` of a misuse error: see {@link InvitationApiCallErrorCode}. */
  InvitationApiCallErrorCode,
} as const;

export default AgoraRTM;
