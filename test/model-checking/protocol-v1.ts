/**
 * Protocol v1 as the checker composes it: alice's caller chart and bob's
 * callee chart (one device), each behind the routing of kit/call-kit.ts.
 *
 * This file is the only one that knows v1. A second callee device is one more
 * entry in `endpoints` (with the caller's `peers` fanning out to it); a new
 * message is one more case in a `route` function.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import type { InvitationTimeouts } from '../../machines/constants.js';
import type { LocalInvitationEvent, RemoteInvitationEvent } from '../../machines/index.js';
import type { WireMessage } from '../../protocol/messages.js';
import { isCallerMessage } from '../../protocol/messages.js';
import type { ApiCall, KitReaction, Phase, ProtocolDescription } from './composition.js';

export const CALLER = 0;
export const CALLEE = 1;

/** Over 8192 bytes of UTF-8, yet under 8192 UTF-16 units: catches a limit counted in the wrong unit. */
export const OVERSIZED = 'é'.repeat(4097);

/** The checker's bounds: the timeouts in time units, what the network may do, which API calls the apps make. */
export interface Bound {
  readonly name: string;
  readonly timeouts: InvitationTimeouts;
  readonly maxLatency: number;
  readonly losses: number;
  readonly duplicates: number;
  /** Replays of earlier messages at any later time (hostile input). Default 0. */
  readonly replays?: number;
  readonly callerCalls: readonly CallerCallName[];
  readonly calleeCalls: readonly CalleeCallName[];
}

export type CallerCallName = 'send' | 'send (content over 8192 bytes)' | 'cancel';
export type CalleeCallName = 'accept' | 'refuse' | 'accept (response over 8192 bytes)' | 'refuse (response over 8192 bytes)';

/** A chart event, checked against the charts' own event types. */
const chartEvent = (event: LocalInvitationEvent | RemoteInvitationEvent): EventObject => event;

const CALLER_CALLS: Record<CallerCallName, ApiCall> = {
  send: { name: 'send', events: [chartEvent({ type: 'SEND' })] },
  // The app sets an oversized content and sends; whatever the answer, it then puts the content back
  // (only IDLE takes the update), so that a refused send can be followed by a valid one.
  'send (content over 8192 bytes)': {
    name: 'send (content over 8192 bytes)',
    events: [chartEvent({ type: 'UPDATE', content: OVERSIZED }), chartEvent({ type: 'SEND' }), chartEvent({ type: 'UPDATE', content: 'hello' })],
  },
  cancel: { name: 'cancel', events: [chartEvent({ type: 'CANCEL' })] },
};

const CALLEE_CALLS: Record<CalleeCallName, ApiCall> = {
  accept: { name: 'accept', events: [chartEvent({ type: 'ACCEPT', response: 'yes' })] },
  refuse: { name: 'refuse', events: [chartEvent({ type: 'REFUSE', response: 'no' })] },
  'accept (response over 8192 bytes)': { name: 'accept (response over 8192 bytes)', events: [chartEvent({ type: 'ACCEPT', response: OVERSIZED })] },
  'refuse (response over 8192 bytes)': { name: 'refuse (response over 8192 bytes)', events: [chartEvent({ type: 'REFUSE', response: OVERSIZED })] },
};

/** kit/call-kit.ts `routeToCaller`: the caller's kit, for messages from the callee. */
function routeToCaller(phase: Phase, message: WireMessage): KitReaction {
  if (isCallerMessage(message)) return { drop: 'not for a caller' };
  if (phase !== 'live') {
    if (message.type === 'receipt' || message.type === 'accept') return { drop: 'unknown-invitation', reply: { type: 'expire', id: message.id } };
    if (message.type === 'refuse') return { drop: 'unknown-invitation', reply: { type: 'refusal-ack', id: message.id } };
    return { drop: 'unknown-invitation' };
  }
  switch (message.type) {
    case 'receipt':
      return { event: chartEvent({ type: 'PEER_RECEIVED' }) };
    case 'accept':
      return { event: chartEvent({ type: 'PEER_ACCEPTED', response: message.response }) };
    case 'refuse':
      return { event: chartEvent({ type: 'PEER_REFUSED', response: message.response }) };
    case 'cancel-ack':
      return { event: chartEvent({ type: 'PEER_CANCELED' }) };
  }
}

/**
 * kit/call-kit.ts `routeToCallee`. The kit's memory of ended invitations is
 * modelled as permanent: it lasts acknowledgeMs + answerMs + lingerMs, longer
 * than any copy can stay in flight on a network whose latency is bounded.
 */
function routeToCallee(caller: { id: string; timeouts: InvitationTimeouts }) {
  return (phase: Phase, message: WireMessage): KitReaction => {
    if (!isCallerMessage(message)) return { drop: 'not for a callee' };
    if (phase === 'ended') {
      if (message.type === 'invite') return { drop: 'ended-invitation' };
      if (message.type === 'cancel') return { end: true, reply: { type: 'cancel-ack', id: message.id } };
      return { drop: 'unknown-invitation' };
    }
    if (phase === 'absent') {
      switch (message.type) {
        case 'invite':
          return {
            start: { id: message.id, callerId: 'alice', content: message.content, channelId: message.channelId, timeouts: caller.timeouts },
          };
        case 'cancel':
          return { end: true, reply: { type: 'cancel-ack', id: message.id } };
        case 'expire':
          return { end: true, drop: 'unknown-invitation' };
        default:
          return { drop: 'unknown-invitation' };
      }
    }
    switch (message.type) {
      case 'invite':
        return { event: chartEvent({ type: 'PEER_INVITED' }) };
      case 'cancel':
        return { event: chartEvent({ type: 'PEER_CANCELED' }) };
      case 'confirm':
        return { event: chartEvent({ type: 'PEER_CONFIRMED' }) };
      case 'expire':
        return { event: chartEvent({ type: 'PEER_EXPIRED' }) };
      case 'refusal-ack':
        return { event: chartEvent({ type: 'PEER_ACKNOWLEDGED_REFUSAL' }) };
    }
  };
}

/** The charts to compose: the package's, or a mutant's. */
export interface Charts {
  readonly localInvitation?: AnyStateMachine;
  readonly remoteInvitation?: AnyStateMachine;
}

/** Alice calls bob, over one network, with the package's v1 charts (or the ones given). */
export function protocolV1(bound: Bound, charts: Charts = {}): ProtocolDescription {
  const { timeouts } = bound;
  const caller = { id: 'call-1', timeouts };
  return {
    endpoints: [
      {
        name: 'alice',
        machine: charts.localInvitation ?? localInvitationMachine,
        initialInput: { id: caller.id, calleeId: 'bob', content: 'hello', channelId: 'room-7', timeouts },
        calls: bound.callerCalls.map((name) => CALLER_CALLS[name]),
        peers: [CALLEE],
        route: routeToCaller,
        // SENT_TO_REMOTE ≤ acknowledge, RECEIVED_BY_REMOTE ≤ answer, CANCELING ≤ confirm (docs/invariants.md, 1).
        lifetimeBound: timeouts.acknowledgeMs + timeouts.answerMs + timeouts.confirmMs,
      },
      {
        name: 'bob',
        machine: charts.remoteInvitation ?? remoteInvitationMachine,
        calls: bound.calleeCalls.map((name) => CALLEE_CALLS[name]),
        peers: [CALLER],
        route: routeToCallee(caller),
        lifetimeBound: timeouts.answerMs + timeouts.confirmMs,
      },
    ],
    network: { maxLatency: bound.maxLatency, losses: bound.losses, duplicates: bound.duplicates, replays: bound.replays ?? 0 },
    isAtRest: (snapshot: AnyMachineSnapshot) => snapshot.value === 'IDLE',
    isEnded: (snapshot: AnyMachineSnapshot) => snapshot.hasTag('ended'),
    answerOf: (snapshot: AnyMachineSnapshot) => (snapshot.context as { lastCall?: { result: string } }).lastCall?.result,
  };
}
