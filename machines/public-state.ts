import type { SnapshotFrom } from 'xstate';
import { LocalInvitationState, RemoteInvitationState } from './constants.js';
import type { localInvitationMachine } from './local-invitation.machine.js';
import type { remoteInvitationMachine } from './remote-invitation.machine.js';

/** A snapshot of the caller's chart. */
export type LocalInvitationSnapshot = SnapshotFrom<typeof localInvitationMachine>;
/** A snapshot of the callee's chart. */
export type RemoteInvitationSnapshot = SnapshotFrom<typeof remoteInvitationMachine>;

const LOCAL_STATES = Object.values(LocalInvitationState);
const REMOTE_STATES = Object.values(RemoteInvitationState);

function missingTag(snapshot: { readonly value: unknown }): never {
  throw new Error(`The chart state ${JSON.stringify(snapshot.value)} carries no public-state tag`);
}

/**
 * The caller's public state, as the chart tags it: every state carries its
 * public name. The internal CANCELING state carries SENT_TO_REMOTE or
 * RECEIVED_BY_REMOTE (its two sub-states), until the callee confirms the cancel.
 * A settled chart (status `done`) is read from its output, the outcome.
 */
export function localInvitationStateOf(snapshot: LocalInvitationSnapshot): LocalInvitationState {
  // Once settled (status `done`), the chart's output names the ended state.
  return snapshot.output?.state ?? LOCAL_STATES.find((state) => snapshot.hasTag(state)) ?? missingTag(snapshot);
}

/** The callee's public state, as the chart tags it. */
export function remoteInvitationStateOf(snapshot: RemoteInvitationSnapshot): RemoteInvitationState {
  return snapshot.output?.state ?? REMOTE_STATES.find((state) => snapshot.hasTag(state)) ?? missingTag(snapshot);
}
