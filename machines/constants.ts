/**
 * The public vocabulary of the package, named as in the Agora RTM 1.x web SDK
 * so that apps migrating from it keep their switch statements. Each is a
 * const object plus a string-union type of its values.
 */

/** The caller's view of an invitation. */
export const LocalInvitationState = {
  /** Created, not sent. */
  IDLE: 'IDLE',
  /** Sent; the callee has not acknowledged it yet. */
  SENT_TO_REMOTE: 'SENT_TO_REMOTE',
  /** The callee acknowledged it: it is ringing there. */
  RECEIVED_BY_REMOTE: 'RECEIVED_BY_REMOTE',
  /** Ended: the callee accepted. */
  ACCEPTED_BY_REMOTE: 'ACCEPTED_BY_REMOTE',
  /** Ended: the callee refused. */
  REFUSED_BY_REMOTE: 'REFUSED_BY_REMOTE',
  /** Ended: the caller canceled. */
  CANCELED: 'CANCELED',
  /** Ended: see {@link LocalInvitationFailureReason}. */
  FAILURE: 'FAILURE',
} as const;
/** A value of {@link LocalInvitationState}. */
export type LocalInvitationState = (typeof LocalInvitationState)[keyof typeof LocalInvitationState];

/** The callee's view of an invitation. */
export const RemoteInvitationState = {
  /** Delivered; ringing. */
  INVITATION_RECEIVED: 'INVITATION_RECEIVED',
  /** The callee accepted; waiting for the caller's confirmation. */
  ACCEPT_SENT_TO_LOCAL: 'ACCEPT_SENT_TO_LOCAL',
  /** Ended: the caller confirmed the acceptance. */
  ACCEPTED: 'ACCEPTED',
  /** Ended: the callee refused. */
  REFUSED: 'REFUSED',
  /** Ended: the caller canceled. */
  CANCELED: 'CANCELED',
  /** Ended: see {@link RemoteInvitationFailureReason}. */
  FAILURE: 'FAILURE',
  /**
   * Ended on this device only: the app called `ignore()`. Nothing was sent; the
   * caller and the user's other devices go on as if this device had never rung.
   * Not in Agora 1.x.
   */
  IGNORED: 'IGNORED',
} as const;
/** A value of {@link RemoteInvitationState}. */
export type RemoteInvitationState = (typeof RemoteInvitationState)[keyof typeof RemoteInvitationState];

/** Why a caller's invitation ended in FAILURE. */
export const LocalInvitationFailureReason = {
  /** The transport reported the callee unreachable for the whole acknowledgement window (30 s by default). */
  PEER_OFFLINE: 'PEER_OFFLINE',
  /** The callee was reachable but did not acknowledge within the acknowledgement window. */
  PEER_NO_RESPONSE: 'PEER_NO_RESPONSE',
  /** Acknowledged, but not accepted, refused or canceled within the answer window (60 s by default). */
  INVITATION_EXPIRE: 'INVITATION_EXPIRE',
  /** The caller's kit was closed before the invitation ended. */
  NOT_LOGGEDIN: 'NOT_LOGGEDIN',
} as const;
/** A value of {@link LocalInvitationFailureReason}. */
export type LocalInvitationFailureReason =
  (typeof LocalInvitationFailureReason)[keyof typeof LocalInvitationFailureReason];

/** Why a callee's invitation ended in FAILURE. */
export const RemoteInvitationFailureReason = {
  /** The transport reported the caller unreachable while the callee waited for its confirmation. */
  PEER_OFFLINE: 'PEER_OFFLINE',
  /** The callee accepted, but the caller's confirmation did not come within the confirmation window (5 s by default). */
  ACCEPT_FAILURE: 'ACCEPT_FAILURE',
  /** Not accepted, refused or canceled within the answer window (60 s by default), or the caller gave up. */
  INVITATION_EXPIRE: 'INVITATION_EXPIRE',
  /** The callee's kit was closed before the invitation ended. */
  NOT_LOGGEDIN: 'NOT_LOGGEDIN',
  /** Another device of the same user accepted first, and the caller took that accept. Not in Agora 1.x. */
  ANSWERED_ELSEWHERE: 'ANSWERED_ELSEWHERE',
  /** Another device of the same user refused, which ends the invitation on every device. Not in Agora 1.x. */
  REFUSED_ELSEWHERE: 'REFUSED_ELSEWHERE',
} as const;
/** A value of {@link RemoteInvitationFailureReason}. */
export type RemoteInvitationFailureReason =
  (typeof RemoteInvitationFailureReason)[keyof typeof RemoteInvitationFailureReason];

/**
 * Reasons a refusal or a cancel carries to the peer (`refuse({ reason })`,
 * `cancel({ reason })`). Apps may send their own words too (at most 64 bytes
 * of UTF-8); these are the ones the package itself uses. Not in Agora 1.x.
 */
export const InvitationEndReason = {
  /** The callee is in another call (see the kit's `rejectWhenBusy`). */
  BUSY: 'busy',
  /** The callee's user said no: the default reason of `refuse()`. */
  DECLINED: 'declined',
  /** Glare: both users called each other at once, and this invitation lost to the other one. */
  REPLACED: 'replaced',
} as const;
/** A value of {@link InvitationEndReason}. */
export type InvitationEndReason = (typeof InvitationEndReason)[keyof typeof InvitationEndReason];

/** What an API call (send, cancel, accept, refuse, ignore) returns. */
export const InvitationApiCallError = {
  /** The call was taken. */
  OK: 'OK',
  /** A payload or id is over its limit (content or response 8192 bytes, channelId 64 bytes, user id 1–64 bytes). Nothing was sent and the state is unchanged. */
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** cancel() before send(). */
  NOT_STARTED: 'NOT_STARTED',
  /** The invitation has already ended. */
  ALREADY_END: 'ALREADY_END',
  /** accept() or refuse() after accept(). */
  ALREADY_ACCEPT: 'ALREADY_ACCEPT',
  /** send() after send(). */
  ALREADY_SENT: 'ALREADY_SENT',
} as const;
/** A value of {@link InvitationApiCallError}. */
export type InvitationApiCallError = (typeof InvitationApiCallError)[keyof typeof InvitationApiCallError];

/** How long each phase may last, in milliseconds. Every value must be a positive finite number. */
export interface InvitationTimeouts {
  /** Caller: how long to wait for the callee's acknowledgement before PEER_OFFLINE / PEER_NO_RESPONSE. Default 30 000. */
  readonly acknowledgeMs: number;
  /** Both sides: how long a delivered invitation may ring before INVITATION_EXPIRE. Default 60 000. */
  readonly answerMs: number;
  /** Callee: how long to wait for the caller's confirmation of an accept before ACCEPT_FAILURE; caller: how long to wait for the callee to confirm a cancel. Default 5 000. */
  readonly confirmMs: number;
  /** Both sides: interval between re-sends of a message that must arrive. Default 1 000. */
  readonly resendMs: number;
  /**
   * Both sides: how long an ended invitation keeps answering late duplicates before its actor stops.
   * Default 10 000. Keep it above `confirmMs` plus the worst one-way delay: a caller that has
   * forgotten an invitation answers a re-sent accept with `expire`.
   */
  readonly lingerMs: number;
}

/** The timeouts of Agora RTM 1.x, and the defaults of this package. */
export const DEFAULT_TIMEOUTS: InvitationTimeouts = Object.freeze({
  acknowledgeMs: 30_000,
  answerMs: 60_000,
  confirmMs: 5_000,
  resendMs: 1_000,
  lingerMs: 10_000,
});
