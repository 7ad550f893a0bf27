/**
 * Runs the checker found, kept as regression tests: each is replayed step by
 * step on the shipped charts (or a deliberately broken pair) and must end as
 * it did when the checker printed it. Paste a new counterexample's steps the
 * same way: `violation.steps` is plain JSON.
 */
import { createMachine, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import type { WireMessage } from '../../protocol/messages.js';
import { GLARE_BOUND, QUICK_BOUNDS } from './bounds.js';
import { checkProtocolV2, describeViolations } from './check.js';
import { ComposedSystem, topState, type Step } from './composition.js';
import { LIVELOCK } from './explorer.js';
import { GLARE_INVARIANT } from './properties.js';
import { CALLEE, CALLER, GLARE, protocolV2, type Bound } from './protocol-v2.js';
import { replay } from './sequence-diagram.js';

const LOSSY = QUICK_BOUNDS[1]!;

const INVITE = { type: 'invite', id: 'call-1', device: 'a1', content: 'hello', channelId: 'room-7' } as const;
const ACCEPT = { type: 'accept', id: 'call-1', device: 'b1', to: 'a1', response: 'yes' } as const;
const RESEND_ACCEPT = 'xstate.after.resendInterval.remoteInvitation.ACCEPT_SENT_TO_LOCAL.awaitingConfirmation';

/**
 * The checker's shortest run to the documented disagreement under loss (timeouts 1/3/4/5/5, latency ≤ 1):
 * bob's first accept is lost; the re-sent one and alice's confirmation take the whole latency each, so the
 * confirmation is due exactly when bob's confirmation timer fires, and the timer goes first.
 */
const ONE_LOST_ACCEPT: readonly Step[] = [
  { kind: 'call', endpoint: CALLER, call: 'send' },
  { kind: 'deliver', envelope: { from: CALLER, to: CALLEE, message: INVITE, remaining: 1 } },
  { kind: 'call', endpoint: CALLEE, call: 'accept' },
  { kind: 'lose', envelope: { from: CALLEE, to: CALLER, message: ACCEPT, remaining: 1 } },
  { kind: 'deliver', envelope: { from: CALLEE, to: CALLER, message: { type: 'receipt', id: 'call-1', device: 'b1', to: 'a1' }, remaining: 1 } },
  { kind: 'tick' },
  { kind: 'timer', endpoint: CALLEE, timer: RESEND_ACCEPT },
  { kind: 'tick' },
  { kind: 'deliver', envelope: { from: CALLEE, to: CALLER, message: ACCEPT, remaining: 0 } },
  { kind: 'timer', endpoint: CALLEE, timer: RESEND_ACCEPT },
  { kind: 'tick' },
  { kind: 'timer', endpoint: CALLEE, timer: 'xstate.after.confirmTimeout.remoteInvitation.ACCEPT_SENT_TO_LOCAL' },
];

function verdicts(system: ComposedSystem, steps: readonly Step[]): string[] {
  const { final } = replay(system, steps);
  return [CALLER, CALLEE].map((endpoint) => {
    const snapshot = system.snapshotOf(final, endpoint)!;
    const reason = (snapshot.context as { failureReason?: string }).failureReason;
    return topState(snapshot) === 'FAILURE' ? `FAILURE(${reason})` : topState(snapshot);
  });
}

describe('the documented disagreement under loss', () => {
  it('replays: one lost accept leaves alice ACCEPTED_BY_REMOTE and bob FAILURE(ACCEPT_FAILURE)', () => {
    const system = new ComposedSystem(protocolV2(LOSSY));
    expect(verdicts(system, ONE_LOST_ACCEPT)).toEqual(['ACCEPTED_BY_REMOTE', 'FAILURE(ACCEPT_FAILURE)']);
    expect(replay(system, ONE_LOST_ACCEPT).diagram).toContain('bob-xalice: accept("yes") (sent t=0, lost t=0)');
  });

  it('is the shortest run the checker finds, and the only kind of disagreement under loss', () => {
    const strict = checkProtocolV2(LOSSY, {}, { judgeAsDelivering: true });
    const agreement = strict.violations.find((violation) => violation.invariant === '3 agreement');
    expect(agreement?.message).toBe('caller ACCEPTED_BY_REMOTE, callee FAILURE(ACCEPT_FAILURE)');
    expect(JSON.parse(JSON.stringify(agreement!.steps, ['kind', 'endpoint', 'call', 'timer', 'envelope', 'from', 'to', 'message', 'type', 'id', 'device', 'to', 'content', 'channelId', 'response', 'remaining']))).toEqual(
      ONE_LOST_ACCEPT,
    );
    expect(describeViolations(checkProtocolV2(LOSSY))).toBe('');
  }, 180_000);
});

describe('ringing after the caller ended, under loss', () => {
  const RESEND_INVITE = 'xstate.after.resendInterval.localInvitation.SENT_TO_REMOTE.awaitingReceipt';
  const lostInvite = (remaining: number): Step => ({ kind: 'lose', envelope: { from: CALLER, to: CALLEE, message: INVITE, remaining } });
  /** Found by the checker with 3 losses (timeouts 1/3/4/5/5, latency ≤ 1) when judged as on a delivering network. */
  const EVERY_EARLIER_INVITE_LOST: readonly Step[] = [
    { kind: 'call', endpoint: CALLER, call: 'send' },
    lostInvite(1),
    { kind: 'tick' },
    { kind: 'timer', endpoint: CALLER, timer: RESEND_INVITE },
    lostInvite(1),
    { kind: 'tick' },
    { kind: 'timer', endpoint: CALLER, timer: RESEND_INVITE },
    lostInvite(1),
    { kind: 'tick' },
    { kind: 'timer', endpoint: CALLER, timer: RESEND_INVITE },
    { kind: 'tick' },
    { kind: 'timer', endpoint: CALLER, timer: 'xstate.after.acknowledgeTimeout.localInvitation.SENT_TO_REMOTE' },
    { kind: 'deliver', envelope: { from: CALLER, to: CALLEE, message: INVITE, remaining: 0 } },
  ];

  it('replays: the last copy of the invite rings after alice failed with PEER_NO_RESPONSE, and her expire ends it', () => {
    const bound: Bound = { ...LOSSY, losses: 3 };
    const system = new ComposedSystem(protocolV2(bound));
    const rang = replay(system, EVERY_EARLIER_INVITE_LOST).final;
    expect(rang.endpoints[CALLER]!.callbacks).toEqual(['failure(PEER_NO_RESPONSE)']);
    expect(rang.endpoints[CALLEE]!.callbacks).toEqual(['ring']);
    const expire = rang.inFlight.find((envelope) => envelope.message.type === 'expire')!;
    const ended = replay(system, [...EVERY_EARLIER_INVITE_LOST, { kind: 'deliver', envelope: expire }]).final;
    expect(ended.endpoints[CALLEE]!.callbacks).toEqual(['ring', 'failure(INVITATION_EXPIRE)']);
  });
});

describe('what the checker proves only below half the confirmation timeout', () => {
  it('finds a disagreement on a loss-free network once a round trip can take the whole confirmation window', () => {
    const slow: Bound = { ...QUICK_BOUNDS[0]!, name: 'latency ≤ 2 with confirmMs 3', maxLatency: 2, callerCalls: ['send'] };
    const report = checkProtocolV2(slow, {}, { stopAtFirstViolation: true });
    expect(report.violations.map((violation) => `${violation.invariant}: ${violation.message}`)).toEqual([
      '3 agreement: caller ACCEPTED_BY_REMOTE, callee FAILURE(ACCEPT_FAILURE)',
    ]);
  }, 180_000);
});

describe('glare: the loser rings as an ordinary call once the winner connected', () => {
  const { ALICE_CALLS, BOB_RINGS, BOB_CALLS, ALICE_RINGS } = GLARE;
  const message = (from: number, to: number, body: WireMessage): Step => ({ kind: 'deliver', envelope: { from, to, message: body, remaining: 0 } });
  /**
   * The checker's shortest run (latency 0) where the losing call (bob's, call-2) does not end `replaced`: alice's
   * call connects before bob's invite reaches her, so her kit sees no crossing and bob's call rings as an
   * ordinary one; her app refuses it before bob's cancel (reason `replaced`) arrives, and a refusal that
   * crosses a cancel is the callee's final word.
   */
  const REFUSED_AS_AN_ORDINARY_RING: readonly Step[] = [
    { kind: 'call', endpoint: ALICE_CALLS, call: 'send' },
    { kind: 'call', endpoint: BOB_CALLS, call: 'send' },
    message(ALICE_CALLS, BOB_RINGS, { type: 'invite', id: 'call-1', device: 'a1', content: 'hello', channelId: 'room-7' }),
    { kind: 'call', endpoint: BOB_RINGS, call: 'accept' },
    message(BOB_RINGS, ALICE_CALLS, { type: 'accept', id: 'call-1', device: 'b1', to: 'a1', response: 'yes' }),
    message(BOB_CALLS, ALICE_RINGS, { type: 'invite', id: 'call-2', device: 'b1', content: 'hello', channelId: 'room-7' }),
    { kind: 'call', endpoint: ALICE_RINGS, call: 'refuse' },
    message(ALICE_RINGS, BOB_CALLS, { type: 'refuse', id: 'call-2', device: 'a1', to: 'b1', response: 'no', reason: 'declined' }),
  ];
  const FIELDS = ['kind', 'endpoint', 'call', 'timer', 'envelope', 'from', 'to', 'message', 'type', 'id', 'device', 'content', 'channelId', 'response', 'reason', 'remaining'];

  it('is what the glare invariant finds when it requires replaced on both sides strictly', () => {
    const strict = checkProtocolV2(GLARE_BOUND, {}, { strictGlare: true, stopAtFirstViolation: true });
    expect(strict.violations.map((violation) => `${violation.invariant}: ${violation.message}`)).toEqual([
      `${GLARE_INVARIANT}: the losing call call-2 did not end replaced: bob_calls REFUSED_BY_REMOTE("declined"), alice_rings REFUSED("declined")`,
    ]);
    expect(JSON.parse(JSON.stringify(strict.violations[0]!.steps, FIELDS))).toEqual(REFUSED_AS_AN_ORDINARY_RING);
  }, 180_000);

  it('replays: alice’s call connected, bob’s rang at alice as an ordinary call, and both sides of it end REFUSED(declined)', () => {
    const system = new ComposedSystem(protocolV2(GLARE_BOUND));
    const { final, diagram } = replay(system, REFUSED_AS_AN_ORDINARY_RING);
    expect(final.endpoints[ALICE_CALLS]!.callbacks).toEqual(['receivedByPeer', 'accepted("yes")']);
    expect(final.endpoints[ALICE_RINGS]!.callbacks).toEqual(['ring', 'refused(declined)']);
    expect(final.endpoints[BOB_CALLS]!.callbacks).toEqual(['receivedByPeer', 'refused(declined)']);
    // Bob's kit saw the crossing: his call was canceling, reason replaced, when alice's refusal arrived.
    expect(diagram).toContain('Note over bob_calls: kit sends GLARE_LOST\n  Note over bob_calls: chart → CANCELING');
  });
});

/** A copy of `machine` whose state `stateName` is replaced by `state`, with the package's implementations. */
function restate(machine: AnyStateMachine, stateName: string, state: object): AnyStateMachine {
  const config = { ...machine.config, states: { ...machine.config.states, [stateName]: state } };
  return createMachine(config as AnyStateMachine['config'], machine.implementations);
}

describe('runs that never come to rest', () => {
  it('are found as a cycle: accepted charts that never linger out and answer each other forever', () => {
    const charts = {
      localInvitation: restate(localInvitationMachine, 'ACCEPTED_BY_REMOTE', {
        tags: ['ended'],
        entry: ['sendConfirmation', 'notifyAccepted'],
        on: { PEER_ACCEPTED: { actions: 'sendConfirmation' } },
      }),
      remoteInvitation: restate(remoteInvitationMachine, 'ACCEPTED', {
        tags: ['ended'],
        entry: 'notifyAccepted',
        on: { PEER_CONFIRMED: { actions: 'sendAcceptance' } },
      }),
    };
    const bound: Bound = { ...QUICK_BOUNDS[0]!, callerCalls: ['send'] };
    const report = checkProtocolV2(bound, charts);
    const livelock = report.violations.find((violation) => violation.invariant === LIVELOCK);
    expect(livelock?.message).toMatch(/^a cycle of \d+ steps that never comes to rest$/);
    // The cycle is real: replaying the steps around it twice returns to the same configuration.
    const system = new ComposedSystem(protocolV2(bound, charts));
    const once = replay(system, livelock!.steps);
    const around = livelock!.steps.slice(-livelock!.cycleLength!);
    const twice = replay(system, [...livelock!.steps, ...around]);
    expect(system.key(twice.final)).toBe(system.key(once.final));
  }, 180_000);
});
