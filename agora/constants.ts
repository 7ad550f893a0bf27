/**
 * Agora RTM 1.x web's invitation constants, under Agora's names and values.
 *
 * They are TypeScript enums, not the const objects of the rest of the
 * package, on purpose: the web SDK declares them as string enums, and
 * TypeScript relates two string enums only when they share a name and
 * members. Declared this way, `invitation.state` types as Agora's
 * `RtmStatusCode.LocalInvitationState` in an app that still has Agora's
 * typings around, and `AgoraRTM.LocalInvitationState.IDLE` keeps compiling.
 */

/** The caller's view of an invitation; the same values as the kit's `LocalInvitationState`. */
export enum LocalInvitationState {
  /** Created, not sent. */
  IDLE = 'IDLE',
  /** Sent; the callee has not acknowledged it yet. */
  SENT_TO_REMOTE = 'SENT_TO_REMOTE',
  /** The callee acknowledged it: it is ringing there. */
  RECEIVED_BY_REMOTE = 'RECEIVED_BY_REMOTE',
  /** Ended: the callee accepted. */
  ACCEPTED_BY_REMOTE = 'ACCEPTED_BY_REMOTE',
  /** Ended: the callee refused. */
  REFUSED_BY_REMOTE = 'REFUSED_BY_REMOTE',
  /** Ended: the caller canceled. */
  CANCELED = 'CANCELED',
  /** Ended: see {@link LocalInvitationFailureReason}. */
  FAILURE = 'FAILURE',
}

/**
 * The callee's view of an invitation: Agora's values, which are the kit's `RemoteInvitationState`
 * but for `IGNORED`. Adding a member would make every value of this enum unassignable to Agora's
 * `RtmStatusCode.RemoteInvitationState` (TypeScript relates string enums member for member), so the
 * facade reads `IGNORED` as `REFUSED`; `kitInvitation.state` and `outcome` still say `IGNORED`.
 */
export enum RemoteInvitationState {
  /** Delivered; ringing. */
  INVITATION_RECEIVED = 'INVITATION_RECEIVED',
  /** The callee accepted; waiting for the caller's confirmation. */
  ACCEPT_SENT_TO_LOCAL = 'ACCEPT_SENT_TO_LOCAL',
  /**
   * Ended: the callee refused. Also what `state` reads after `ignore()` (an extension of Agora's
   * API), which ends the invitation on this device only and sends nothing; the kit's own state
   * there is `IGNORED`, a value Agora's enum has no room for.
   */
  REFUSED = 'REFUSED',
  /** Ended: the caller confirmed the acceptance. */
  ACCEPTED = 'ACCEPTED',
  /** Ended: the caller canceled. */
  CANCELED = 'CANCELED',
  /** Ended: see {@link RemoteInvitationFailureReason}. */
  FAILURE = 'FAILURE',
}

/** Why a caller's invitation ended in FAILURE. */
export enum LocalInvitationFailureReason {
  /** Agora's catch-all. Kept for switch statements; this package always names a reason, so it never reports it. */
  UNKNOWN = 'UNKNOWN',
  /** The callee was reachable but did not acknowledge within 30 s. */
  PEER_NO_RESPONSE = 'PEER_NO_RESPONSE',
  /** Acknowledged, but not accepted, refused or canceled within 60 s. */
  INVITATION_EXPIRE = 'INVITATION_EXPIRE',
  /** The transport reported the callee unreachable for the whole 30 s acknowledgement window. */
  PEER_OFFLINE = 'PEER_OFFLINE',
  /** The client was closed before the invitation ended. */
  NOT_LOGGEDIN = 'NOT_LOGGEDIN',
}

/** Why a callee's invitation ended in FAILURE. */
export enum RemoteInvitationFailureReason {
  /** Agora's catch-all. Kept for switch statements; this package always names a reason, so it never reports it. */
  UNKNOWN = 'UNKNOWN',
  /** The caller was unreachable while the callee waited for its confirmation. */
  PEER_OFFLINE = 'PEER_OFFLINE',
  /** The callee accepted, but the caller's confirmation did not come within 5 s. */
  ACCEPT_FAILURE = 'ACCEPT_FAILURE',
  /** Not accepted, refused or canceled within 60 s, or the caller gave up. */
  INVITATION_EXPIRE = 'INVITATION_EXPIRE',
  /** An extension of Agora's list: the callee's client was closed before the invitation ended. */
  NOT_LOGGEDIN = 'NOT_LOGGEDIN',
  /**
   * An extension of Agora's list: another device of the same user accepted, and the caller took that
   * accept. The call goes on there; this device takes no part in it and must not join.
   */
  ANSWERED_ELSEWHERE = 'ANSWERED_ELSEWHERE',
  /** An extension of Agora's list: another device of the same user refused, which ends the invitation on every device. */
  REFUSED_ELSEWHERE = 'REFUSED_ELSEWHERE',
}

/**
 * The numeric `code` of an error thrown by a misused invitation method, as in
 * Agora's `INVITATION_API_CALL_ERR_*` codes. The web SDK keeps these numbers
 * internal; they are exported here so that an app can name them.
 */
export const InvitationApiCallErrorCode = {
  /** A bad id, an over-long content or response, or a read-only property assigned. */
  INVITATION_API_CALL_ERR_INVALID_ARGUMENT: 1,
  /** `cancel()` before `send()`. */
  INVITATION_API_CALL_ERR_NOT_STARTED: 2,
  /** The invitation has already ended. */
  INVITATION_API_CALL_ERR_ALREADY_END: 3,
  /** `accept()` or `refuse()` while an accept is waiting for the caller's confirmation. */
  INVITATION_API_CALL_ERR_ALREADY_ACCEPT: 4,
  /** `send()` after `send()`. */
  INVITATION_API_CALL_ERR_ALREADY_SENT: 5,
} as const;
/** A value of {@link InvitationApiCallErrorCode}. */
export type InvitationApiCallErrorCode = (typeof InvitationApiCallErrorCode)[keyof typeof InvitationApiCallErrorCode];
