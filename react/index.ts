/**
 * `call-invitation/react`: hooks that put call kits and invitations into React
 * components. React 18 or later; nothing else beyond the package itself.
 */
export { useCallKit } from './use-call-kit.js';
export type { CallKitConnection, UseCallKitOptions } from './use-call-kit.js';
export { useIncomingInvitations } from './use-incoming-invitations.js';
export type { UseIncomingInvitationsOptions } from './use-incoming-invitations.js';
export { useInvitation } from './use-invitation.js';
export type {
  AnyInvitation,
  InvitationView,
  InvitationViewOf,
  LocalInvitationView,
  RemoteInvitationView,
} from './invitation-view.js';
export { incomingInvitationListOf } from './incoming-invitation-list.js';
export type { IncomingInvitationEntry, IncomingInvitationList } from './incoming-invitation-list.js';
