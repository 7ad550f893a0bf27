/**
 * Protocol v2 as the checker composes it: alice's caller chart on her one
 * device, and bob's callee chart on each of his devices (one, or two), each
 * behind the routing of kit/call-kit.ts. Or glare: alice calls bob while bob
 * calls alice, each on one device that runs a caller chart and a callee chart.
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
import { localInvitationMachine, remoteInvitationMachine, resolveGlare } from '../../machines/index.js';
import type { InvitationTimeouts } from '../../machines/constants.js';
import type { LocalInvitationEvent, RemoteInvitationEvent } from '../../machines/index.js';
import { UNTRACKED_MESSAGE_RULES } from '../../machines/untracked-messages.js';
import type { WireMessage } from '../../protocol/messages.js';
import { isCallerMessage } from '../../protocol/messages.js';
import type { ApiCall, EndpointDescription, KitReaction, KitView, Phase, ProtocolDescription } from './composition.js';

export const CALLER = 0;
/** Bob's first device; a second one, when composed, is endpoint 2. */
export const CALLEE = 1;

/** Alice's device id, and bob's: `b1`, `b2`. */
export const CALLER_DEVICE = 'a1';
export const calleeDevice = (index: number): string => `b${index}`;
/** Bob's one device when he calls too (glare). */
const BOB_DEVICE = calleeDevice(1);

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
  /**
   * Glare: bob calls alice too, and the two calls cross. Each user has one device, which runs its caller chart
   * and its callee chart; `callerCalls` are each caller's, `calleeCalls` each callee's.
   */
  readonly glare?: GlareIds;
}

/** The invitation ids of the two crossing calls: they decide which one wins. */
export interface GlareIds {
  readonly alice: string;
  readonly bob: string;
}

/** The endpoints of a glare composition: alice's call is endpoints 0 → 1, bob's is 2 → 3. */
export const GLARE = { ALICE_CALLS: 0, BOB_RINGS: 1, BOB_CALLS: 2, ALICE_RINGS: 3 } as const;

/** One call of a composition: its invitation, its caller's endpoint, and the endpoint and device id of each callee device. */
export interface ComposedCall {
  readonly id: string;
  readonly callerId: string;
  readonly caller: number;
  readonly callees: readonly { readonly endpoint: number; readonly device: string }[];
}

/** The calls a composition of `bound` makes. */
export function composedCalls(bound: Pick<Bound, 'calleeDevices' | 'glare'>): ComposedCall[] {
  if (bound.glare) {
    return [
      { id: bound.glare.alice, callerId: 'alice', caller: GLARE.ALICE_CALLS, callees: [{ endpoint: GLARE.BOB_RINGS, device: BOB_DEVICE }] },
      { id: bound.glare.bob, callerId: 'bob', caller: GLARE.BOB_CALLS, callees: [{ endpoint: GLARE.ALICE_RINGS, device: CALLER_DEVICE }] },
    ];
  }
  const callees = calleeEndpoints(bound).map((endpoint) => ({ endpoint, device: calleeDevice(endpoint - CALLEE + 1) }));
  return [{ id: INVITATION_ID, callerId: 'alice', caller: CALLER, callees }];
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

/** kit/call-kit.ts `routeToCaller`: the caller's kit on device `ownDevice`, for messages from the callee's devices. */
const routeToCaller = (ownDevice: string) => (phase: Phase, message: WireMessage): KitReaction => {
  if (isCallerMessage(message)) return { drop: 'not for a caller' };
  if (message.to !== ownDevice) return { drop: 'other-device' };
  if (phase !== 'live') return untracked(ownDevice, message);
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
};

/** Glare on a callee's device: who the user is, and the endpoints of the device's own outgoing invitations. */
interface CalleeDevice {
  readonly userId: string;
  readonly callerId: string;
  readonly outgoing: readonly number[];
}

/**
 * kit/call-kit.ts `routeToCallee`, on the callee's device `ownDevice`. The kit's
 * memory of ended invitations is modelled as permanent: it lasts
 * acknowledgeMs + answerMs + lingerMs, longer than any copy can stay in
 * flight on a network whose latency is bounded. Busy is not composed.
 *
 * Glare is decided as the kit decides it: `resolveGlare` (machines/glare.ts),
 * over the device's outgoing invitations as their charts stand (id, callee,
 * tag `calling`). A lost incoming invitation starts and at once gets
 * `GLARE_LOST`, and the app never sees it; otherwise each outgoing one that
 * lost gets `GLARE_LOST`.
 */
function routeToCallee(ownDevice: string, timeouts: InvitationTimeouts, device: CalleeDevice) {
  return (phase: Phase, message: WireMessage, kit: KitView): KitReaction => {
    if (!isCallerMessage(message)) return { drop: 'not for a callee' };
    if (phase !== 'live') {
      if (message.type !== 'invite') return untracked(ownDevice, message);
      if (phase === 'ended') return { drop: 'ended-invitation' };
      const start = {
        id: message.id,
        deviceId: ownDevice,
        callerId: device.callerId,
        callerDeviceId: message.device,
        content: message.content,
        channelId: message.channelId,
        timeouts,
      };
      const outgoing = device.outgoing.flatMap((endpoint) => {
        const chart = kit.snapshotOf(endpoint);
        if (chart === undefined || kit.phaseOf(endpoint) !== 'live') return [];
        const { id, calleeId } = chart.context as { id: string; calleeId: string };
        return [{ endpoint, id, calleeId, calling: chart.hasTag('calling') }];
      });
      const { incomingLoses, outgoingLosers } = resolveGlare(device.userId, { id: message.id, callerId: device.callerId }, outgoing);
      if (incomingLoses) return { start, silent: true, event: chartEvent({ type: 'GLARE_LOST' }) };
      const others = outgoingLosers.map((id) => ({ endpoint: outgoing.find((invitation) => invitation.id === id)!.endpoint, event: chartEvent({ type: 'GLARE_LOST' }) }));
      return others.length > 0 ? { start, others } : { start };
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

/** Alice calls bob (on one device or several), or both call each other (glare), over one network, with the package's charts (or the ones given). */
export function protocolV2(bound: Bound, charts: Charts = {}): ProtocolDescription {
  const { timeouts } = bound;
  const caller = (userId: string, device: string, calleeId: string, id: string, peers: number[], ringing?: number): EndpointDescription => ({
    name: ringing === undefined ? userId : `${userId}_calls`,
    machine: charts.localInvitation ?? localInvitationMachine,
    initialInput: { id, deviceId: device, calleeId, content: 'hello', channelId: 'room-7', timeouts },
    // With glare, the user sends only before the other's invite reached the device: the two calls cross.
    calls: bound.callerCalls.map((name) =>
      ringing === undefined || !name.startsWith('send') ? CALLER_CALLS[name] : { ...CALLER_CALLS[name], whileAbsent: ringing },
    ),
    // A send to the callee reaches every device of the callee.
    peers,
    route: routeToCaller(device),
    // SENT_TO_REMOTE ≤ acknowledge, RECEIVED_BY_REMOTE ≤ answer, CANCELING ≤ confirm (docs/invariants.md, 1).
    lifetimeBound: timeouts.acknowledgeMs + timeouts.answerMs + timeouts.confirmMs,
  });
  const callee = (name: string, device: string, peer: number, kit: CalleeDevice): EndpointDescription => ({
    name,
    machine: charts.remoteInvitation ?? remoteInvitationMachine,
    calls: bound.calleeCalls.map((call) => CALLEE_CALLS[call]),
    peers: [peer],
    route: routeToCallee(device, timeouts, kit),
    lifetimeBound: timeouts.answerMs + timeouts.confirmMs,
  });
  const network = { maxLatency: bound.maxLatency, losses: bound.losses, duplicates: bound.duplicates, replays: bound.replays ?? 0 };
  const readers = {
    isAtRest: (snapshot: AnyMachineSnapshot) => snapshot.value === 'IDLE',
    isEnded: (snapshot: AnyMachineSnapshot) => snapshot.hasTag('ended'),
    answerOf: (snapshot: AnyMachineSnapshot) => (snapshot.context as { lastCall?: { result: string } }).lastCall?.result,
  };
  if (bound.glare) {
    if ((bound.calleeDevices ?? 1) !== 1) throw new Error('glare is composed with one device per user');
    const { ALICE_CALLS, BOB_RINGS, BOB_CALLS, ALICE_RINGS } = GLARE;
    return {
      endpoints: [
        caller('alice', CALLER_DEVICE, 'bob', bound.glare.alice, [BOB_RINGS], ALICE_RINGS),
        callee('bob_rings', BOB_DEVICE, ALICE_CALLS, { userId: 'bob', callerId: 'alice', outgoing: [BOB_CALLS] }),
        caller('bob', BOB_DEVICE, 'alice', bound.glare.bob, [ALICE_RINGS], BOB_RINGS),
        callee('alice_rings', CALLER_DEVICE, BOB_CALLS, { userId: 'alice', callerId: 'bob', outgoing: [ALICE_CALLS] }),
      ],
      network,
      ...readers,
    };
  }
  const callees = calleeEndpoints(bound);
  return {
    endpoints: [
      caller('alice', CALLER_DEVICE, 'bob', INVITATION_ID, callees),
      ...callees.map((_, index) => {
        const device = calleeDevice(index + 1);
        return callee(callees.length === 1 ? 'bob' : `bob-${device}`, device, CALLER, { userId: 'bob', callerId: 'alice', outgoing: [] });
      }),
    ],
    network,
    ...readers,
  };
}
