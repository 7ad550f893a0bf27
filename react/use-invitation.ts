import { useSyncExternalStore } from 'react';
import { invitationViewSourceOf, type AnyInvitation, type InvitationViewOf } from './invitation-view.js';

/**
 * The live state of one invitation, caller or callee side:
 * `{ state, chartState, response, reason, ended }`.
 *
 * The component re-renders only when one of those values changes, not on
 * every step of the chart (re-sends, timers). It keeps working after the kit
 * stops the ended invitation's actor: the last snapshot stays readable.
 *
 * @example
 * ```tsx
 * function Outgoing({ invitation }: { invitation: LocalInvitation }) {
 *   const { state, reason } = useInvitation(invitation);
 *   return <p>{state}{reason ? ` (${reason})` : ''}</p>;
 * }
 * ```
 */
export function useInvitation<I extends AnyInvitation>(invitation: I): InvitationViewOf<I> {
  const source = invitationViewSourceOf(invitation);
  return useSyncExternalStore(source.subscribe, source.getSnapshot, source.getSnapshot);
}
