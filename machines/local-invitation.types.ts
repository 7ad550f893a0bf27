import type { CallerMessage } from '../protocol/messages.js';
import type {
  InvitationApiCallError,
  InvitationTimeouts,
  LocalInvitationFailureReason,
  LocalInvitationState,
} from './constants.js';

/** What the caller's chart needs to start. */
export interface LocalInvitationInput {
  /** The invitation id; unique per caller, 1–64 characters of `A-Z a-z 0-9 _ -`. */
  readonly id: string;
  /** The caller's own device: the callee addresses its answers to it. */
  readonly deviceId: string;
  readonly calleeId: string;
  readonly content?: string;
  readonly channelId?: string;
  readonly timeouts: InvitationTimeouts;
}

/** The answer the chart gave to the latest API call. A new object per call. */
export interface ApiCallAnswer {
  readonly result: InvitationApiCallError;
}

/** The caller chart's extended state. */
export interface LocalInvitationContext {
  readonly id: string;
  readonly deviceId: string;
  readonly calleeId: string;
  readonly content: string;
  readonly channelId: string;
  /** The callee's response to accept or refuse; empty until one arrives. */
  readonly response: string;
  /** The callee's device whose accept or refusal the caller took; every other device of the callee lost. */
  readonly answeringDevice: string | undefined;
  /** Why the callee refused (`busy`, `declined`, `replaced`, or the app's word); empty until refused. */
  readonly refuseReason: string;
  /** Why this caller canceled (`replaced` after glare, or the app's word); empty when no reason was given. */
  readonly cancelReason: string;
  readonly timeouts: InvitationTimeouts;
  /** The callee acknowledged the invitation (it rang there). */
  readonly acknowledged: boolean;
  /** The transport's latest word on the callee: true after it reported PEER_OFFLINE, false after a successful send. */
  readonly peerUnreachable: boolean;
  /** The local transport's latest word: true after a send failed with NOT_CONNECTED, false after a successful send. */
  readonly locallyDisconnected: boolean;
  readonly failureReason: LocalInvitationFailureReason | undefined;
  readonly lastCall: ApiCallAnswer | undefined;
  /** How the invitation ended; set on entering an ended state, and the chart's output once it settles. */
  readonly outcome: LocalInvitationOutcome | undefined;
}

/** Everything the caller's chart reacts to: API calls, peer messages, transport reports and the kit. */
export type LocalInvitationEvent =
  | { readonly type: 'SEND' }
  | { readonly type: 'CANCEL'; readonly reason?: string }
  | { readonly type: 'UPDATE'; readonly content?: string; readonly channelId?: string }
  | { readonly type: 'PEER_RECEIVED'; readonly device: string }
  | { readonly type: 'PEER_ACCEPTED'; readonly device: string; readonly response: string }
  | { readonly type: 'PEER_REFUSED'; readonly device: string; readonly response: string; readonly reason: string }
  | { readonly type: 'PEER_CANCELED'; readonly device: string }
  /** Glare: the callee is calling this user too, and its invitation won (see `glareWinner`). */
  | { readonly type: 'GLARE_LOST' }
  | { readonly type: 'PEER_REACHABLE' }
  | { readonly type: 'PEER_UNREACHABLE' }
  /** The local transport refused a send because this device is not connected. */
  | { readonly type: 'LOCAL_DISCONNECTED' }
  | { readonly type: 'KIT_CLOSED' };

/** What the caller's chart asks its host to do: put a message on the wire, or tell the app. */
export type LocalInvitationEmitted =
  | { readonly type: 'transmit'; readonly message: CallerMessage }
  | { readonly type: 'receivedByPeer' }
  | { readonly type: 'accepted'; readonly response: string }
  | { readonly type: 'refused'; readonly response: string; readonly reason: string }
  | { readonly type: 'canceled' }
  | { readonly type: 'settled' }
  | { readonly type: 'failure'; readonly reason: LocalInvitationFailureReason };

/**
 * The caller chart's tags: `ended` on every ended state, `calling` where glare can still replace the
 * invitation, and on every state the public state the app sees there (CANCELING shows the state it
 * was entered from, and RECEIVED_BY_REMOTE once the callee acknowledged meanwhile).
 */
export type LocalInvitationTag = 'ended' | 'calling' | LocalInvitationState;

/**
 * How a caller's invitation ended: recorded by the chart as it enters an ended
 * state, the chart's `output` once it settles, and the value of
 * `await invitation.outcome`.
 * `state` is the final `LocalInvitationState`; the other fields say
 * what came with it.
 */
export type LocalInvitationOutcome =
  /** The callee accepted; `response` is what it answered. */
  | { readonly state: 'ACCEPTED_BY_REMOTE'; readonly response: string }
  /** The callee refused; `response` is what it answered, `reason` why (`declined`, `busy`, `replaced` or the callee app's word). */
  | { readonly state: 'REFUSED_BY_REMOTE'; readonly response: string; readonly reason: string }
  /** The caller canceled. */
  | { readonly state: 'CANCELED' }
  /** The invitation failed, for `reason`. */
  | { readonly state: 'FAILURE'; readonly reason: LocalInvitationFailureReason };
