/**
 * Protocol v2 as the checker composes it: alice's caller chart on her one
 * device, and bob's callee chart on each of his devices (one, or two), each
 * behind the routing of kit/call-kit.ts.
 *
 * The transport delivers a send to a user to every device of that user: the
 * caller's messages (and her kit's replies) reach every bob device, and bob's
 * devices' messages reach alice's device. Messages for an invitation a kit has
 * no chart for are answered as `UNTRACKED_MESSAGE_RULES` says: this file reads
 * that table, it does not restate it.
 *
 * This file is the only one that knows v2; composition.ts and explorer.ts
 * know neither charts nor messages.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import type { InvitationTimeouts } from '../../machines/constants.js';
import type { LocalInvitationEvent, RemoteInvitationEvent } from '../../machines/index.js';
import { UNTRACKED_MESSAGE_RULES } from '../../machines/untracked-messages.js';
import type { WireMessage } from '../../protocol/messages.js';
import { isCallerMessage } from '../../protocol/messages.js';
import type { ApiCall, EndpointDescription, KitReaction, Phase, ProtocolDescription } from './composition.js';

export const CALLER = 0;
/** Bob's first device; a second one, when composed, is endpoint 2. */
export const CALLEE = 1;

/** Alice's device id, and bob's: `b1`, `b2`. */
export const CALLER_DEVICE = 'a1';
export const calleeDevice = (index: number): string => `b${index}`;

export const INVITATION_ID = 'call-1';

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
  /** The calls each of bob's devices may make. */
  readonly calleeCalls: readonly CalleeCallName[];
  /** How many devices bob is connected on. Default 1. */
  readonly calleeDevices?: number;
}

export type CallerCallName = 'send' | 'send (content over 8192 bytes)' | 'cancel';
export type CalleeCallName = 'accept' | 'refuse' | 'ignore' | 'accept (response over 8192 bytes)' | 'refuse (response over 8192 bytes)';

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
  ignore: { name: 'ignore', events: [chartEvent({ type: 'IGNORE' })] },
  'accept (response over 8192 bytes)': { name: 'accept (response over 8192 bytes)', events: [chartEvent({ type: 'ACCEPT', response: OVERSIZED })] },
  'refuse (response over 8192 bytes)': { name: 'refuse (response over 8192 bytes)', events: [chartEvent({ type: 'REFUSE', response: OVERSIZED })] },
};

/**
 * kit/call-kit.ts `answerUntracked`: what a kit with no chart for the
 * invitation does, read from `UNTRACKED_MESSAGE_RULES`. The reply is built as
 * the kit builds it (its own device as `device`, the sender's as `to`).
 */
function untracked(ownDevice: string, message: WireMessage): KitReaction {
  const rule = UNTRACKED_MESSAGE_RULES[message.type];
  // An invite is the callee kit's to start or drop (routeToCallee); the table only says "ring".
  if (rule.action === 'ring') throw new Error('an invite reached the untracked-message rules');
  const end = rule.rememberEnded ? ({ end: true } as const) : {};
  if (rule.action === 'drop') return { drop: 'unknown-invitation', ...end };
  const { id, device: to } = message;
  const reply: WireMessage =
    rule.reply === 'expire'
      ? { type: 'expire', id, device: ownDevice }
      : rule.reply === 'refusal-ack'
        ? { type: 'refusal-ack', id, device: ownDevice, to }
        : { type: 'cancel-ack', id, device: ownDevice, to };
  return { drop: 'unknown-invitation', reply, ...end };
}

/** kit/call-kit.ts `routeToCaller`: alice's kit, for messages from bob's devices. */
function routeToCaller(phase: Phase, message: WireMessage): KitReaction {
  if (isCallerMessage(message)) return { drop: 'not for a caller' };
  if (message.to !== CALLER_DEVICE) return { drop: 'other-device' };
  if (phase !== 'live') return untracked(CALLER_DEVICE, message);
  const { device } = message;
  switch (message.type) {
    case 'receipt':
      return { event: chartEvent({ type: 'PEER_RECEIVED', device }) };
    case 'accept':
      return { event: chartEvent({ type: 'PEER_ACCEPTED', device, response: message.response }) };
    case 'refuse':
      return { event: chartEvent({ type: 'PEER_REFUSED', device, response: message.response, reason: message.reason }) };
    case 'cancel-ack':
      return { event: chartEvent({ type: 'PEER_CANCELED', device }) };
  }
}

/**
 * kit/call-kit.ts `routeToCallee`, on bob's device `ownDevice`. The kit's
 * memory of ended invitations is modelled as permanent: it lasts
 * acknowledgeMs + answerMs + lingerMs, longer than any copy can stay in
 * flight on a network whose latency is bounded. Busy and glare are not
 * composed (one invitation, and bob calls nobody).
 */
function routeToCallee(ownDevice: string, timeouts: InvitationTimeouts) {
  return (phase: Phase, message: WireMessage): KitReaction => {
    if (!isCallerMessage(message)) return { drop: 'not for a callee' };
    if (phase !== 'live') {
      if (message.type !== 'invite') return untracked(ownDevice, message);
      if (phase === 'ended') return { drop: 'ended-invitation' };
      return {
        start: {
          id: message.id,
          deviceId: ownDevice,
          callerId: 'alice',
          callerDeviceId: message.device,
          content: message.content,
          channelId: message.channelId,
          timeouts,
        },
      };
    }
    switch (message.type) {
      case 'invite':
        return { event: chartEvent({ type: 'PEER_INVITED' }) };
      case 'cancel':
        return { event: chartEvent({ type: 'PEER_CANCELED', content: message.content, reason: message.reason }) };
      case 'confirm':
        return { event: chartEvent({ type: 'PEER_CONFIRMED', to: message.to }) };
      case 'expire':
        return { event: chartEvent({ type: 'PEER_EXPIRED' }) };
      case 'refusal-ack':
        return { event: chartEvent({ type: 'PEER_ACKNOWLEDGED_REFUSAL', to: message.to }) };
    }
  };
}

/** The charts to compose: the package's, or a mutant's. */
export interface Charts {
  readonly localInvitation?: AnyStateMachine;
  readonly remoteInvitation?: AnyStateMachine;
}

/** The endpoint indices of bob's devices in a composition of `bound`. */
export function calleeEndpoints(bound: Pick<Bound, 'calleeDevices'>): number[] {
  return Array.from({ length: bound.calleeDevices ?? 1 }, (_, device) => CALLEE + device);
}

/** Alice calls bob (on one device or several), over one network, with the package's charts (or the ones given). */
export function protocolV2(bound: Bound, charts: Charts = {}): ProtocolDescription {
  const { timeouts } = bound;
  const callees = calleeEndpoints(bound);
  const bob = (index: number): EndpointDescription => {
    const device = calleeDevice(index);
    return {
      name: callees.length === 1 ? 'bob' : `bob-${device}`,
      machine: charts.remoteInvitation ?? remoteInvitationMachine,
      calls: bound.calleeCalls.map((name) => CALLEE_CALLS[name]),
      peers: [CALLER],
      route: routeToCallee(device, timeouts),
      lifetimeBound: timeouts.answerMs + timeouts.confirmMs,
    };
  };
  return {
    endpoints: [
      {
        name: 'alice',
        machine: charts.localInvitation ?? localInvitationMachine,
        initialInput: { id: INVITATION_ID, deviceId: CALLER_DEVICE, calleeId: 'bob', content: 'hello', channelId: 'room-7', timeouts },
        calls: bound.callerCalls.map((name) => CALLER_CALLS[name]),
        // A send to bob reaches every device of his.
        peers: callees,
        route: routeToCaller,
        // SENT_TO_REMOTE ≤ acknowledge, RECEIVED_BY_REMOTE ≤ answer, CANCELING ≤ confirm (docs/invariants.md, 1).
        lifetimeBound: timeouts.acknowledgeMs + timeouts.answerMs + timeouts.confirmMs,
      },
      ...callees.map((_, device) => bob(device + 1)),
    ],
    network: { maxLatency: bound.maxLatency, losses: bound.losses, duplicates: bound.duplicates, replays: bound.replays ?? 0 },
    isAtRest: (snapshot: AnyMachineSnapshot) => snapshot.value === 'IDLE',
    isEnded: (snapshot: AnyMachineSnapshot) => snapshot.hasTag('ended'),
    answerOf: (snapshot: AnyMachineSnapshot) => (snapshot.context as { lastCall?: { result: string } }).lastCall?.result,
  };
}
