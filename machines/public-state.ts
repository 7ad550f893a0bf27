import type { SnapshotFrom } from 'xstate';
import type { LocalInvitationState, RemoteInvitationState } from './constants.js';
import type { localInvitationMachine } from './local-invitation.machine.js';
import type { remoteInvitationMachine } from './remote-invitation.machine.js';

/** A snapshot of the caller's chart. */
export type LocalInvitationSnapshot = SnapshotFrom<typeof localInvitationMachine>;
/** A snapshot of the callee's chart. */
export type RemoteInvitationSnapshot = SnapshotFrom<typeof remoteInvitationMachine>;

function topLevelState(value: string | Record<string, unknown>): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/**
 * The caller's public state. Top-level states carry their public names; the
 * internal CANCELING state shows as the state it was entered from, until the
 * callee confirms the cancel.
 */
export function localInvitationStateOf(snapshot: LocalInvitationSnapshot): LocalInvitationState {
  const state = topLevelState(snapshot.value);
  if (state === 'CANCELING') return snapshot.context.acknowledged ? 'RECEIVED_BY_REMOTE' : 'SENT_TO_REMOTE';
  return state as LocalInvitationState;
}

/** The callee's public state: the chart's top-level state. */
export function remoteInvitationStateOf(snapshot: RemoteInvitationSnapshot): RemoteInvitationState {
  return topLevelState(snapshot.value) as RemoteInvitationState;
}
