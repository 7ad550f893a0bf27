/** One of two invitations that cross between the same two users. */
export interface CrossingInvitation {
  readonly id: string;
  readonly callerId: string;
}

/**
 * Glare: two users call each other at once. Both kits see both invitations
 * (their own outgoing one, and the incoming one) and must pick the same one
 * to proceed without exchanging a word and without comparing clocks. As in
 * Matrix, the lower invitation id wins (code-unit order, the same on every
 * platform); ids are random, so neither user is favoured. Equal ids (two
 * callers drawing the same 132 random bits) fall back to the lower caller id.
 *
 * The loser ends on both sides with the reason `replaced`: its caller cancels
 * it, its callee refuses it, and the ordinary cancel/refuse agreement makes
 * both sides end in the same state whichever side noticed the glare first.
 */
export function glareWinner(first: CrossingInvitation, second: CrossingInvitation): CrossingInvitation {
  if (first.id !== second.id) return first.id < second.id ? first : second;
  return first.callerId <= second.callerId ? first : second;
}
