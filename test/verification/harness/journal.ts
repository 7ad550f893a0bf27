/**
 * A single, ordered record of every app callback on both sides of every
 * invitation, stamped with simulated time. The invariants are checked
 * against this record, never against internal state.
 */
import type { LocalInvitation, RemoteInvitation } from '../../../index.js';

/** Which end of an invitation a callback fired on. */
export type Side = 'caller' | 'callee';

/** The app callbacks of an invitation (caller and callee share the terminal ones). */
export type CallbackName = 'receivedByPeer' | 'accepted' | 'refused' | 'canceled' | 'failure';

/** One callback as the app saw it. */
export interface JournalEntry {
  /** Position in the whole run, across every invitation and side. */
  readonly sequence: number;
  /** Simulated time (`Date.now()` under fake timers). */
  readonly at: number;
  readonly side: Side;
  readonly invitationId: string;
  readonly callback: CallbackName;
  /** The response (accepted, refused on the caller) or the failure reason; empty otherwise. */
  readonly detail: string;
}

/** The callbacks that end an invitation. */
export const TERMINAL_CALLBACKS: ReadonlySet<CallbackName> = new Set(['accepted', 'refused', 'canceled', 'failure']);

export class Journal {
  readonly entries: JournalEntry[] = [];

  record(side: Side, invitationId: string, callback: CallbackName, detail = ''): void {
    this.entries.push({ sequence: this.entries.length, at: Date.now(), side, invitationId, callback, detail });
  }

  /** The callbacks one side of one invitation saw, in order. */
  of(side: Side, invitationId: string): JournalEntry[] {
    return this.entries.filter((entry) => entry.side === side && entry.invitationId === invitationId);
  }

  /** The terminal callbacks one side of one invitation saw. */
  endingsOf(side: Side, invitationId: string): JournalEntry[] {
    return this.of(side, invitationId).filter((entry) => TERMINAL_CALLBACKS.has(entry.callback));
  }
}

/** Records every callback of a caller's invitation. */
export function journalLocalInvitation(journal: Journal, invitation: LocalInvitation): void {
  const { id } = invitation;
  invitation.on('receivedByPeer', () => journal.record('caller', id, 'receivedByPeer'));
  invitation.on('accepted', (response) => journal.record('caller', id, 'accepted', response));
  invitation.on('refused', (response) => journal.record('caller', id, 'refused', response));
  invitation.on('canceled', () => journal.record('caller', id, 'canceled'));
  invitation.on('failure', (reason) => journal.record('caller', id, 'failure', reason));
}

/** Records every callback of a callee's invitation. */
export function journalRemoteInvitation(journal: Journal, invitation: RemoteInvitation): void {
  const { id } = invitation;
  invitation.on('accepted', () => journal.record('callee', id, 'accepted'));
  invitation.on('refused', () => journal.record('callee', id, 'refused'));
  invitation.on('canceled', () => journal.record('callee', id, 'canceled'));
  invitation.on('failure', (reason) => journal.record('callee', id, 'failure', reason));
}
