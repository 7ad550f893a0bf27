export { createCallKit } from './call-kit.js';
export type { CallKit, CallKitEvents, CallKitStats, DropReason, LocalInvitationOptions } from './call-kit.js';
export type { AdmissionRefusal } from './admission.js';
export type { CallKitMachines, CallKitOptions } from './options.js';
export type { LocalInvitation, LocalInvitationActor, LocalInvitationEvents } from './local-invitation.js';
export type { RemoteInvitation, RemoteInvitationActor, RemoteInvitationEvents } from './remote-invitation.js';
export type { ListenerOptions } from './listeners.js';
export type { LocalInvitationOutcome, RemoteInvitationOutcome } from './outcome.js';
