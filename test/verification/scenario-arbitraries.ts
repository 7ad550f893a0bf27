/** fast-check generators of whole-system scenarios (see harness/scenario.ts). */
import fc from 'fast-check';
import {
  ABSENT_PEER,
  PROPERTY_TIMEOUTS,
  SILENT_PEER,
  type CallPlan,
  type CalleeBehaviour,
  type NetworkFaults,
  type Outage,
  type Scenario,
} from './harness/scenario.js';
import type { RacePlan } from './harness/race.js';

const { answerMs, confirmMs, acknowledgeMs } = PROPERTY_TIMEOUTS;

/** Longest one-way delay of a network that "eventually delivers" in the sense of invariant 3. */
export const DELIVERING_MAX_LATENCY_MS = confirmMs / 2 - 50;

/** Short text in any script; the fidelity property covers the limits. */
const someText = fc.string({ unit: 'binary', maxLength: 12 });
const someChannelId = fc.string({ unit: 'binary', maxLength: 16 });

/** App reactions spread over the whole answer window and a little past it, so they race expiry too. */
const appDelay = fc.integer({ min: 0, max: answerMs + confirmMs });

const calleeBehaviour: fc.Arbitrary<CalleeBehaviour> = fc.oneof(
  fc.record({ kind: fc.constantFrom('accept' as const, 'refuse' as const), afterMs: appDelay, response: someText }),
  fc.constant({ kind: 'ignore' as const }),
);

function callPlan(userCount: number, { withPeersThatNeverAnswer }: { withPeersThatNeverAnswer: boolean }): fc.Arbitrary<CallPlan> {
  const user = fc.integer({ min: 0, max: userCount - 1 });
  const callee: fc.Arbitrary<CallPlan['callee']> = withPeersThatNeverAnswer
    ? fc.oneof({ arbitrary: user, weight: 6 }, { arbitrary: fc.constantFrom(SILENT_PEER, ABSENT_PEER), weight: 1 })
    : user;
  return fc.record({
    callerIndex: user,
    callee,
    sendAtMs: fc.integer({ min: 0, max: 2_000 }),
    content: someText,
    channelId: someChannelId,
    cancelAfterMs: fc.option(fc.integer({ min: 0, max: acknowledgeMs + answerMs }), { nil: undefined }),
    answer: calleeBehaviour,
  });
}

/** How the network may misbehave in a family of scenarios. */
export type FaultProfile =
  /** Random delays below half the confirmation timeout, duplicates, reordering; no loss, no outage. */
  | 'delivering'
  /** As `delivering`, plus loss. */
  | 'lossy'
  /** Everything: delay, duplicates, reordering, loss, disconnect/reconnect, peers that never answer. */
  | 'hostile'
  /** One fixed delay, nothing else: every message of a call takes the same time whatever else is in flight. */
  | 'steady';

function networkFaults(profile: FaultProfile): fc.Arbitrary<NetworkFaults> {
  const seed = fc.integer({ min: 1, max: 0x7fffffff });
  if (profile === 'steady') {
    return fc.record({
      latency: fc.integer({ min: 0, max: DELIVERING_MAX_LATENCY_MS }).map((ms) => ({ minMs: ms, maxMs: ms })),
      lossRate: fc.constant(0),
      duplicateRate: fc.constant(0),
      seed,
    });
  }
  const latency = fc
    .tuple(fc.integer({ min: 0, max: DELIVERING_MAX_LATENCY_MS }), fc.integer({ min: 0, max: DELIVERING_MAX_LATENCY_MS }))
    .map(([first, second]) => ({ minMs: Math.min(first, second), maxMs: Math.max(first, second) }));
  return fc.record({
    latency,
    lossRate: profile === 'delivering' ? fc.constant(0) : fc.double({ min: 0, max: 0.5, noNaN: true }),
    duplicateRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
    seed,
  });
}

function outages(userCount: number): fc.Arbitrary<Outage[]> {
  return fc.array(
    fc.record({
      userIndex: fc.integer({ min: 0, max: userCount - 1 }),
      atMs: fc.integer({ min: 0, max: acknowledgeMs + answerMs }),
      forMs: fc.integer({ min: 1, max: acknowledgeMs + confirmMs }),
    }),
    { maxLength: 2 },
  );
}

export interface ScenarioShape {
  readonly faults: FaultProfile;
  readonly maxCalls?: number;
  /** Close every kit at a random time instead of letting the calls run out. */
  readonly closeEarly?: boolean;
}

export function scenarioArbitrary({ faults, maxCalls = 6, closeEarly = false }: ScenarioShape): fc.Arbitrary<Scenario> {
  return fc.integer({ min: 2, max: 4 }).chain((userCount) =>
    fc.record({
      userCount: fc.constant(userCount),
      calls: fc.array(callPlan(userCount, { withPeersThatNeverAnswer: faults === 'hostile' }), {
        minLength: 1,
        maxLength: maxCalls,
      }),
      // After an early close only the kit's own timers may remain, so the network delivers on microtasks there.
      faults: closeEarly
        ? networkFaults(faults).map((drawn) => ({ ...drawn, latency: { minMs: 0, maxMs: 0 } }))
        : networkFaults(faults),
      outages: faults === 'hostile' ? outages(userCount) : fc.constant([]),
      closeAtMs: closeEarly ? fc.integer({ min: 0, max: acknowledgeMs + answerMs }) : fc.constant(undefined),
    }),
  );
}

/** Plans for {@link runRace}: one to three calls between user-0 and user-1, in either direction. */
export function racePlanArbitrary(): fc.Arbitrary<RacePlan> {
  const call: fc.Arbitrary<CallPlan> = fc
    .record({
      callerIndex: fc.integer({ min: 0, max: 1 }),
      content: someText,
      cancels: fc.boolean(),
      answer: fc.oneof(
        fc.record({ kind: fc.constantFrom('accept' as const, 'refuse' as const), afterMs: fc.constant(0), response: someText }),
        fc.constant({ kind: 'ignore' as const }),
      ),
    })
    .map(({ callerIndex, content, cancels, answer }) => ({
      callerIndex,
      callee: 1 - callerIndex,
      sendAtMs: 0,
      content,
      channelId: '',
      cancelAfterMs: cancels ? 0 : undefined,
      answer,
    }));
  return fc.record({ calls: fc.array(call, { minLength: 1, maxLength: 3 }), duplicateEveryMessage: fc.boolean() });
}
