import type { InvitationTimeouts } from './constants.js';

/**
 * What a kit does with a message for an invitation it has no running chart
 * for: never started here (a replay, a restarted kit, another device's call),
 * or ended and settled. The charts cannot answer these (there is no chart),
 * so the rule is written here, as a table the docs and the mutants read,
 * rather than in the kit's routing code.
 */
export type UntrackedMessageRule =
  /** An invite: start a callee chart, unless the invitation already ended here (then drop it). */
  | { readonly action: 'ring' }
  /** Drop the message (counted as `unknown-invitation`). */
  | { readonly action: 'drop'; readonly rememberEnded: boolean }
  /** Drop it, and tell the sender the invitation is over with `reply`. */
  | {
      readonly action: 'answer';
      readonly reply: 'expire' | 'refusal-ack' | 'cancel-ack';
      readonly rememberEnded: boolean;
    };

/**
 * One rule per message type. `rememberEnded` marks the invitation as ended on
 * the callee side, so that a late copy of its invite never rings.
 */
export const UNTRACKED_MESSAGE_RULES = {
  // Caller side: the callee rings, or waits for a confirmation, for an invitation this device does not know.
  receipt: { action: 'answer', reply: 'expire', rememberEnded: false },
  accept: { action: 'answer', reply: 'expire', rememberEnded: false },
  // The callee re-sends its refusal until acknowledged: acknowledge it, the outcome is the same.
  refuse: { action: 'answer', reply: 'refusal-ack', rememberEnded: false },
  'cancel-ack': { action: 'drop', rememberEnded: false },
  // Callee side.
  invite: { action: 'ring' },
  // The invite has not arrived (or has settled): acknowledge, and never let a late copy ring.
  cancel: { action: 'answer', reply: 'cancel-ack', rememberEnded: true },
  expire: { action: 'drop', rememberEnded: true },
  // Another device of this user answered before this one saw the invite: a late invite must not ring.
  confirm: { action: 'drop', rememberEnded: true },
  'refusal-ack': { action: 'drop', rememberEnded: true },
} as const satisfies Record<string, UntrackedMessageRule>;

/**
 * How long a callee remembers an ended invitation: as long as any copy of its
 * invite could still arrive (the caller re-sends for `acknowledgeMs`, an
 * invitation may ring for `answerMs`), plus the linger period. A copy
 * replayed later still cannot ring for long: the caller answers its receipt
 * with `expire`.
 */
export function endedInvitationMemoryMs(timeouts: InvitationTimeouts): number {
  return timeouts.acknowledgeMs + timeouts.answerMs + timeouts.lingerMs;
}
