import type { CallerMessage } from '../protocol/messages.js';
import type {
  InvitationApiCallError,
  InvitationTimeouts,
  LocalInvitationFailureReason,
} from './constants.js';

/** What the caller's chart needs to start. */
export interface LocalInvitationInput {
  /** The invitation id; unique per caller, 1–64 characters of `A-Z a-z 0-9 _ -`. */
  readonly id: string;
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
  readonly calleeId: string;
  readonly content: string;
  readonly channelId: string;
  /** The callee's response to accept or refuse; empty until one arrives. */
  readonly response: string;
  readonly timeouts: InvitationTimeouts;
  /** The callee acknowledged the invitation (it rang there). */
  readonly acknowledged: boolean;
  /** The transport's latest word on the callee: true after it reported PEER_OFFLINE, false after a successful send. */
  readonly peerUnreachable: boolean;
  readonly failureReason: LocalInvitationFailureReason | undefined;
  readonly lastCall: ApiCallAnswer | undefined;
}

/** Everything the caller's chart reacts to: API calls, peer messages, transport reports and the kit. */
export type LocalInvitationEvent =
  | { readonly type: 'SEND' }
  | { readonly type: 'CANCEL' }
  | { readonly type: 'UPDATE'; readonly content?: string; readonly channelId?: string }
  | { readonly type: 'PEER_RECEIVED' }
  | { readonly type: 'PEER_ACCEPTED'; readonly response: string }
  | { readonly type: 'PEER_REFUSED'; readonly response: string }
  | { readonly type: 'PEER_CANCELED' }
  | { readonly type: 'PEER_REACHABLE' }
  | { readonly type: 'PEER_UNREACHABLE' }
  | { readonly type: 'KIT_CLOSED' };

/** What the caller's chart asks its host to do: put a message on the wire, or tell the app. */
export type LocalInvitationEmitted =
  | { readonly type: 'transmit'; readonly message: CallerMessage }
  | { readonly type: 'receivedByPeer' }
  | { readonly type: 'accepted'; readonly response: string }
  | { readonly type: 'refused'; readonly response: string }
  | { readonly type: 'canceled' }
  | { readonly type: 'settled' }
  | { readonly type: 'failure'; readonly reason: LocalInvitationFailureReason };
