/**
 * The checker can fail: every mutant of test/verification/mutants.ts whose
 * bug lives in the charts is found, as a shortest run (breadth-first), by the
 * invariant that is there for it. Each counterexample replays on the mutant
 * and leads to the same violation.
 *
 * Not here: `calleeAcceptsTheLatestRing` keeps its bug outside the chart (a
 * variable shared by every invitation), which a checker of pure charts
 * cannot represent, and with one invitation per composition it behaves like
 * the real chart; the isolation property catches it.
 * `callerWithUntestableTransition` adds a transition on an event no peer
 * sends; the coverage check is the one for it.
 *
 * `calleeIgnoresWhichDeviceWon` only shows with two callee devices: on one,
 * every confirmation names that device anyway. `glareIgnored` only shows when
 * two users call each other: it is hunted in the glare composition, where
 * both calls connect.
 */
import { describe, expect, it } from 'vitest';
import * as mutants from '../verification/mutants.js';
import type { Mutant } from '../verification/mutants.js';
import { GLARE_BOUND, MUTANT_BOUND } from './bounds.js';
import { checkProtocolV2, describeViolations, reproduce } from './check.js';
import { GLARE_INVARIANT } from './properties.js';
import type { Bound } from './protocol-v2.js';

interface Hunt {
  readonly mutant: Mutant;
  readonly invariant: string;
  readonly message: RegExp;
  /** Steps of the shortest counterexample, as the checker found it. */
  readonly steps: number;
  /** Changes to the mutant bound this hunt needs. */
  readonly bound?: Partial<Bound>;
}

const SEND_AND_CANCEL = { callerCalls: ['send', 'cancel'], calleeCalls: ['accept', 'refuse'] } as const;

const HUNTS: readonly Hunt[] = [
  {
    mutant: mutants.callerNeverExpires,
    invariant: '1 ends within its bound',
    message: /^alice still running 13 units after it started \(bound 12\)$/,
    steps: 18,
    bound: { callerCalls: ['send'], calleeCalls: [] },
  },
  { mutant: mutants.callerSkipsReceivedByPeer, invariant: '2 callbacks in the chart’s order', message: /^caller saw accepted without receivedByPeer$/, steps: 4, bound: SEND_AND_CANCEL },
  {
    mutant: mutants.callerRenotifiesOnDuplicateAccept,
    invariant: '2 one ending per side',
    message: /^alice saw accepted\("yes"\) → accepted\("yes"\)$/,
    steps: 7,
    bound: SEND_AND_CANCEL,
  },
  {
    mutant: mutants.callerCancelsWithoutWaiting,
    invariant: '2 callbacks in the chart’s order',
    message: /^caller's canceled came before the callee's/,
    steps: 5,
    bound: SEND_AND_CANCEL,
  },
  { mutant: mutants.acceptBeatsCancel, invariant: '3 agreement', message: /^caller ACCEPTED_BY_REMOTE, callee CANCELED$/, steps: 6, bound: SEND_AND_CANCEL },
  { mutant: mutants.cancelingIgnoresReceipt, invariant: '2 callbacks in the chart’s order', message: /^caller saw refused without receivedByPeer$/, steps: 5, bound: SEND_AND_CANCEL },
  {
    mutant: mutants.calleeImpatientForConfirmation,
    invariant: '3 agreement',
    message: /^caller ACCEPTED_BY_REMOTE, callee FAILURE\(ACCEPT_FAILURE\)$/,
    steps: 6,
    bound: SEND_AND_CANCEL,
  },
  {
    mutant: mutants.calleeMisreportsAlreadyAccept,
    invariant: '4 API answers match the table',
    message: /^ACCEPT_SENT_TO_LOCAL · refuse: answered ALREADY_END, table says ALREADY_ACCEPT$/,
    steps: 4,
    bound: SEND_AND_CANCEL,
  },
  {
    mutant: mutants.callerCountsUtf16Units,
    invariant: '4 API answers match the table',
    message: /^IDLE · send \(content over 8192 bytes\): answered OK, table says INVALID_ARGUMENT$/,
    steps: 1,
    bound: { callerCalls: ['send (content over 8192 bytes)', 'send'], calleeCalls: [] },
  },
  {
    mutant: mutants.callerDropsChannelId,
    invariant: '5 payload fidelity',
    message: /^callee got content\/channelId \["hello",""\], caller sent \["hello","room-7"\]$/,
    steps: 2,
    bound: SEND_AND_CANCEL,
  },
  {
    mutant: mutants.canceledRevivedByAccept,
    invariant: '7 an ended invitation stays ended',
    message: /^alice moved from CANCELED to ACCEPTED_BY_REMOTE$/,
    steps: 7,
    bound: SEND_AND_CANCEL,
  },
  {
    mutant: mutants.acceptedCalleeFailsOnExpire,
    invariant: '7 an ended invitation stays ended',
    message: /^bob moved from ACCEPTED to FAILURE$/,
    steps: 20,
    bound: { callerCalls: ['send'], calleeCalls: ['accept'], replays: 1 },
  },
  {
    mutant: mutants.callerNeverSettles,
    invariant: 'every run reaches quiescence: none gets stuck',
    message: /^stuck: nothing can happen, yet the run has not come to rest$/,
    steps: 18,
    bound: { callerCalls: ['send'], calleeCalls: ['accept'] },
  },
  {
    mutant: mutants.calleeIgnoresWhichDeviceWon,
    invariant: '9 one device connects, the one the caller took',
    message: /^bob-b2 reached ACCEPTED, but the caller is ACCEPTED_BY_REMOTE and took b1$/,
    steps: 7,
    bound: { callerCalls: ['send'], calleeCalls: ['accept'], calleeDevices: 2 },
  },
  {
    mutant: mutants.glareIgnored,
    invariant: GLARE_INVARIANT,
    message:
      /^both crossing calls connected: alice_calls ACCEPTED_BY_REMOTE, bob_rings ACCEPT_SENT_TO_LOCAL; bob_calls ACCEPTED_BY_REMOTE, alice_rings ACCEPT_SENT_TO_LOCAL$/,
    steps: 8,
    bound: GLARE_BOUND,
  },
];

describe('the checker finds every chart mutant with a shortest counterexample', () => {
  it.each(HUNTS.map((hunt) => [hunt.mutant.name, hunt] as const))('%s', (_, hunt) => {
    const bound: Bound = { ...MUTANT_BOUND, ...hunt.bound };
    const report = checkProtocolV2(bound, hunt.mutant.charts, { stopAtFirstViolation: true });
    const found = report.violations.find((violation) => violation.invariant === hunt.invariant);
    expect(found, describeViolations(report) || 'no violation at all').toBeDefined();
    expect(found!.message).toMatch(hunt.message);
    console.info(`${hunt.mutant.name}: ${found!.steps.length} steps, ${report.configurations} configurations explored`);
    expect(found!.steps).toHaveLength(hunt.steps);
    // The printed run is the exact interleaving: replayed on a fresh composition of the mutant, it ends in the same violation.
    expect(reproduce(bound, hunt.mutant.charts, found!)).toBe(found!.message);
  }, 180_000);
});
