import { useMemo, useSyncExternalStore } from 'react';
import type { CallKit } from '../kit/call-kit.js';
import type { RemoteInvitation } from '../kit/remote-invitation.js';
import {
  MAX_ENDED_INVITATIONS_KEPT,
  incomingInvitationListOf,
  selectIncomingInvitations,
  type IncomingInvitationEntry,
} from './incoming-invitation-list.js';

/** Options of {@link useIncomingInvitations}. */
export interface UseIncomingInvitationsOptions {
  /**
   * How many ended invitations to keep showing after the live ones, most
   * recent first kept (at most 50), e.g. for a "missed calls" list. Default 0:
   * an invitation leaves the list when it ends.
   */
  readonly keepEnded?: number;
}

const NO_ENTRIES: readonly IncomingInvitationEntry[] = [];
const noKit = {
  subscribe: () => () => {},
  getSnapshot: () => NO_ENTRIES,
};

/**
 * The invitations ringing at `kit` (and waiting for the caller's
 * confirmation), in arrival order. The component re-renders when one arrives
 * or ends. Pass `undefined` while the kit is connecting.
 *
 * A kit from {@link useCallKit} records its invitations from the moment it
 * exists; for a kit created elsewhere, recording starts at the first call of
 * this hook (or of `incomingInvitationListOf`) with it.
 *
 * @example
 * ```tsx
 * const ringing = useIncomingInvitations(kit);
 * return ringing.map((invitation) => <IncomingCall key={invitation.id} invitation={invitation} />);
 * ```
 */
export function useIncomingInvitations(
  kit: CallKit | undefined,
  options: UseIncomingInvitationsOptions = {},
): readonly RemoteInvitation[] {
  const keepEnded = Math.min(options.keepEnded ?? 0, MAX_ENDED_INVITATIONS_KEPT);
  const list = kit === undefined ? noKit : incomingInvitationListOf(kit);
  const entries = useSyncExternalStore(list.subscribe, list.getSnapshot, list.getSnapshot);
  return useMemo(() => selectIncomingInvitations(entries, keepEnded), [entries, keepEnded]);
}
