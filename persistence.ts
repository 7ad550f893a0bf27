export { createPersistentCallKit } from './kit/persistence.js';
export type {
  CallKitStore,
  PeerOfflineNotice,
  PersistedCallKit,
  PersistedInvitation,
  PersistenceMethods,
  PersistentCallKit,
  PersistentCallKitOptions,
  PushDropReason,
  PushPayload,
  PushedCancel,
  PushedInvitationBase,
  PushedInvitationResult,
  PushedInvite,
  RestoreDropReason,
  RestoredInvitations,
} from './kit/persistence.js';
