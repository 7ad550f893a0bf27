import type { CallKit } from '../kit/call-kit.js';
import type { RemoteInvitation } from '../kit/remote-invitation.js';

/** How many ended invitations a list remembers, at most, whatever the hooks ask for. */
export const MAX_ENDED_INVITATIONS_KEPT = 50;

/** One incoming invitation as the list tracks it. */
export interface IncomingInvitationEntry {
  /** The invitation. */
  readonly invitation: RemoteInvitation;
  /** True once its final callback (`accepted`, `refused`, `canceled` or `failure`) fired. */
  readonly ended: boolean;
}

/**
 * The incoming invitations of one kit, in arrival order, as an external store
 * for `useSyncExternalStore`. The snapshot is a new array exactly when an
 * invitation arrives or ends.
 */
export interface IncomingInvitationList {
  /** Calls `onChange` when the list changes; returns a function that stops it. */
  subscribe(onChange: () => void): () => void;
  /** The current entries; the same array until the next change. */
  getSnapshot(): readonly IncomingInvitationEntry[];
}

const lists = new WeakMap<CallKit, IncomingInvitationList>();

/**
 * The list of `kit`, created and attached to the kit on the first call and
 * shared afterwards. It keeps listening for as long as the kit lives, so an
 * invitation that arrives before a component subscribes is not lost; the
 * listener goes away with the kit.
 */
export function incomingInvitationListOf(kit: CallKit): IncomingInvitationList {
  let list = lists.get(kit);
  if (list === undefined) {
    list = createIncomingInvitationList(kit);
    lists.set(kit, list);
  }
  return list;
}

function createIncomingInvitationList(kit: CallKit): IncomingInvitationList {
  let entries: readonly IncomingInvitationEntry[] = [];
  const subscribers = new Set<() => void>();

  function publish(next: readonly IncomingInvitationEntry[]): void {
    entries = next;
    for (const onChange of [...subscribers]) onChange();
  }

  function markEnded(invitation: RemoteInvitation): void {
    const marked = entries.map((entry) => (entry.invitation === invitation ? { invitation, ended: true } : entry));
    publish(forgetOldestEnded(marked));
  }

  kit.on('remoteInvitationReceived', (invitation) => {
    // Each invitation fires exactly one final callback.
    const onEnd = () => markEnded(invitation);
    invitation.on('accepted', onEnd);
    invitation.on('refused', onEnd);
    invitation.on('canceled', onEnd);
    invitation.on('failure', onEnd);
    publish([...entries, { invitation, ended: false }]);
  });

  return {
    subscribe(onChange) {
      subscribers.add(onChange);
      return () => {
        subscribers.delete(onChange);
      };
    },
    getSnapshot: () => entries,
  };
}

function forgetOldestEnded(entries: readonly IncomingInvitationEntry[]): readonly IncomingInvitationEntry[] {
  let excess = entries.filter((entry) => entry.ended).length - MAX_ENDED_INVITATIONS_KEPT;
  if (excess <= 0) return entries;
  return entries.filter((entry) => !(entry.ended && excess-- > 0));
}

/**
 * The invitations still ringing or waiting for the caller's confirmation,
 * plus the `keepEnded` most recently received of the ended ones, all in
 * arrival order.
 */
export function selectIncomingInvitations(
  entries: readonly IncomingInvitationEntry[],
  keepEnded: number,
): readonly RemoteInvitation[] {
  let endedToSkip = Math.max(0, entries.filter((entry) => entry.ended).length - Math.max(0, keepEnded));
  const selected: RemoteInvitation[] = [];
  for (const entry of entries) {
    if (entry.ended && endedToSkip > 0) {
      endedToSkip--;
      continue;
    }
    selected.push(entry.invitation);
  }
  return selected;
}
