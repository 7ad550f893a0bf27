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

/** An invitation this device sent, as its kit sees it when an invite arrives. */
export interface OutgoingInvitation {
  readonly id: string;
  readonly calleeId: string;
  /** Whether its chart has the tag `calling` (SENT_TO_REMOTE, RECEIVED_BY_REMOTE): glare can still replace it. */
  readonly calling: boolean;
}

/** What a kit does about glare when an invite arrives: which chart gets `GLARE_LOST`. */
export interface GlareResolution {
  /** The incoming invitation lost: its new callee chart gets `GLARE_LOST` (and the app never sees it). */
  readonly incomingLoses: boolean;
  /** The ids of this device's outgoing invitations that lost to the incoming one: each one's chart gets `GLARE_LOST`. */
  readonly outgoingLosers: readonly string[];
}

/**
 * Glare, as a kit applies it when `incoming` arrives at a device of `userId`
 * that sent `outgoing`: the outgoing invitations to the inviter that are still
 * `calling` cross the incoming one, and {@link glareWinner} decides between
 * them. Either the incoming one loses, or every crossing outgoing one does.
 * Calling oneself (from another device) is two separate calls, never glare.
 */
export function resolveGlare(userId: string, incoming: CrossingInvitation, outgoing: Iterable<OutgoingInvitation>): GlareResolution {
  if (incoming.callerId === userId) return { incomingLoses: false, outgoingLosers: [] };
  const crossing = [...outgoing].filter((invitation) => invitation.calleeId === incoming.callerId && invitation.calling);
  const beatsIncoming = (invitation: OutgoingInvitation) => glareWinner({ id: invitation.id, callerId: userId }, incoming) !== incoming;
  if (crossing.some(beatsIncoming)) return { incomingLoses: true, outgoingLosers: [] };
  return { incomingLoses: false, outgoingLosers: crossing.map((invitation) => invitation.id) };
}
