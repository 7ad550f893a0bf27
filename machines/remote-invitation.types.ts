import type { CalleeMessage } from '../protocol/messages.js';
import type { InvitationTimeouts, RemoteInvitationFailureReason } from './constants.js';
import type { ApiCallAnswer } from './local-invitation.types.js';

/** What the callee's chart needs to start: the invitation as it arrived. */
export interface RemoteInvitationInput {
  readonly id: string;
  readonly callerId: string;
  readonly content: string;
  readonly channelId: string;
  readonly timeouts: InvitationTimeouts;
}

/** The callee chart's extended state. */
export interface RemoteInvitationContext {
  readonly id: string;
  readonly callerId: string;
  readonly content: string;
  readonly channelId: string;
  /** The callee's answer, sent with accept or refuse. */
  readonly response: string;
  readonly timeouts: InvitationTimeouts;
  /** The transport's latest word on the caller: true after it reported PEER_OFFLINE, false after a successful send. */
  readonly peerUnreachable: boolean;
  readonly failureReason: RemoteInvitationFailureReason | undefined;
  readonly lastCall: ApiCallAnswer | undefined;
}

/** Everything the callee's chart reacts to: API calls, peer messages, transport reports and the kit. */
export type RemoteInvitationEvent =
  | { readonly type: 'ACCEPT'; readonly response?: string }
  | { readonly type: 'REFUSE'; readonly response?: string }
  | { readonly type: 'UPDATE'; readonly response: string }
  | { readonly type: 'PEER_INVITED' }
  | { readonly type: 'PEER_CANCELED' }
  | { readonly type: 'PEER_CONFIRMED' }
  | { readonly type: 'PEER_EXPIRED' }
  | { readonly type: 'PEER_ACKNOWLEDGED_REFUSAL' }
  | { readonly type: 'PEER_REACHABLE' }
  | { readonly type: 'PEER_UNREACHABLE' }
  | { readonly type: 'KIT_CLOSED' };

/** What the callee's chart asks its host to do: put a message on the wire, or tell the app. */
export type RemoteInvitationEmitted =
  | { readonly type: 'transmit'; readonly message: CalleeMessage }
  | { readonly type: 'accepted' }
  | { readonly type: 'refused' }
  | { readonly type: 'canceled' }
  | { readonly type: 'settled' }
  | { readonly type: 'failure'; readonly reason: RemoteInvitationFailureReason };
