import type { CalleeMessage } from '../protocol/messages.js';
import type { InvitationTimeouts, RemoteInvitationFailureReason, RemoteInvitationState } from './constants.js';
import type { ApiCallAnswer } from './local-invitation.types.js';

/** What the callee's chart needs to start: the invitation as it arrived. */
export interface RemoteInvitationInput {
  readonly id: string;
  /** This callee device: the caller's confirmation names the device whose accept won. */
  readonly deviceId: string;
  readonly callerId: string;
  /** The caller's device that sent the invite: every answer is addressed to it. */
  readonly callerDeviceId: string;
  readonly content: string;
  readonly channelId: string;
  readonly timeouts: InvitationTimeouts;
}

/** The callee chart's extended state. */
export interface RemoteInvitationContext {
  readonly id: string;
  readonly deviceId: string;
  readonly callerId: string;
  readonly callerDeviceId: string;
  /** The caller's content: from the invite, then from the cancel if the caller canceled. */
  readonly content: string;
  readonly channelId: string;
  /** The callee's answer, sent with accept or refuse. */
  readonly response: string;
  /** Why this device refused (`declined` unless the app or the kit said otherwise); empty until refused. */
  readonly refuseReason: string;
  /** Why the caller canceled, as its cancel said; empty until canceled or when it gave no reason. */
  readonly cancelReason: string;
  readonly timeouts: InvitationTimeouts;
  /** The transport's latest word on the caller: true after it reported PEER_OFFLINE, false after a successful send. */
  readonly peerUnreachable: boolean;
  readonly failureReason: RemoteInvitationFailureReason | undefined;
  readonly lastCall: ApiCallAnswer | undefined;
  /** How the invitation ended; set on entering an ended state, and the chart's output once it settles. */
  readonly outcome: RemoteInvitationOutcome | undefined;
}

/** Everything the callee's chart reacts to: API calls, peer messages, transport reports and the kit. */
export type RemoteInvitationEvent =
  | { readonly type: 'ACCEPT'; readonly response?: string }
  | { readonly type: 'REFUSE'; readonly response?: string; readonly reason?: string }
  /** Stop ringing on this device only; nothing is sent. */
  | { readonly type: 'IGNORE' }
  | { readonly type: 'UPDATE'; readonly response: string }
  | { readonly type: 'PEER_INVITED' }
  | { readonly type: 'PEER_CANCELED'; readonly content: string; readonly reason: string }
  /** The caller took the accept of device `to`. */
  | { readonly type: 'PEER_CONFIRMED'; readonly to: string }
  | { readonly type: 'PEER_EXPIRED' }
  /** The caller took the refusal of device `to`. */
  | { readonly type: 'PEER_ACKNOWLEDGED_REFUSAL'; readonly to: string }
  /** Glare: this user is calling the caller too, and that invitation won (see `glareWinner`). */
  | { readonly type: 'GLARE_LOST' }
  | { readonly type: 'PEER_REACHABLE' }
  | { readonly type: 'PEER_UNREACHABLE' }
  | { readonly type: 'KIT_CLOSED' };

/** What the callee's chart asks its host to do: put a message on the wire, or tell the app. */
export type RemoteInvitationEmitted =
  | { readonly type: 'transmit'; readonly message: CalleeMessage }
  | { readonly type: 'accepted' }
  | { readonly type: 'refused'; readonly reason: string }
  | { readonly type: 'canceled'; readonly reason: string }
  | { readonly type: 'settled' }
  | { readonly type: 'failure'; readonly reason: RemoteInvitationFailureReason };

/** The callee chart's tags: `ended` on every ended state, and on every state the public state the app sees there. */
export type RemoteInvitationTag = 'ended' | RemoteInvitationState;

/**
 * How a callee's invitation ended: recorded by the chart as it enters an ended
 * state, the chart's `output` once it settles, and the value of
 * `await invitation.outcome`.
 * `state` is the final `RemoteInvitationState`; the other fields say
 * what came with it.
 */
export type RemoteInvitationOutcome =
  /** The caller confirmed the acceptance; `response` is what the callee sent with it. */
  | { readonly state: 'ACCEPTED'; readonly response: string }
  /** The refusal went out; `response` is what the callee sent with it. */
  | { readonly state: 'REFUSED'; readonly response: string }
  /** The caller canceled; `reason` is the one its cancel carried (empty when it gave none). */
  | { readonly state: 'CANCELED'; readonly reason: string }
  /** This device stopped ringing with `ignore()`; the invitation went on elsewhere. */
  | { readonly state: 'IGNORED' }
  /** The invitation failed, for `reason`. */
  | { readonly state: 'FAILURE'; readonly reason: RemoteInvitationFailureReason };
