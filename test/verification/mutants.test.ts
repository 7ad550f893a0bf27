/**
 * Every invariant check, run against a chart broken on purpose, must fail.
 * The seeds are fixed, so detection is deterministic; the run budget is the
 * most a mutant may need, and a property that needs more is too weak.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  agreementProperty,
  deliveredOrderProperty,
  isolationProperty,
  oneEndingProperty,
  payloadTransferProperty,
  racesProperty,
  resourcesProperty,
  terminationProperty,
} from './lifecycle-properties.js';
import {
  acceptBeatsCancel,
  calleeAcceptsTheLatestRing,
  calleeImpatientForConfirmation,
  callerCancelsWithoutWaiting,
  callerDropsChannelId,
  callerNeverExpires,
  callerNeverSettles,
  callerRenotifiesOnDuplicateAccept,
  callerSkipsReceivedByPeer,
  acceptedCalleeFailsOnExpire,
  calleeMisreportsAlreadyAccept,
  callerCountsUtf16Units,
  canceledRevivedByAccept,
  callerWithUntestableTransition,
  cancelingIgnoresReceipt,
  calleeIgnoresWhichDeviceWon,
  glareIgnored,
  rechart,
  type Mutant,
} from './mutants.js';
import { mutantParameters } from './run-settings.js';
import { calleeApiMismatches } from './api-error-check.js';
import { calleeModelProperty, callerModelProperty } from './reference-models.js';
import { payloadsOverLimitsProperty } from './payload-limits.js';
import { hostileFramesProperty } from './hostile-input.js';
import { coverageOf } from './chart-coverage.js';
import { glareProperty, multiDeviceProperty } from './multi-device.js';
import { CALLER_EVENTS, CALLER_INPUT } from './chart-events.js';
import { localInvitationMachine } from '../../machines/index.js';

const SEED = 20_240_601;

/** Runs `property` against the mutant's charts and returns the first counterexample's error, if any. */
async function counterexampleAgainst<T>(
  mutant: Mutant,
  property: (charts: Mutant['charts']) => fc.IAsyncProperty<T>,
  numRuns: number,
): Promise<string | undefined> {
  const details = await fc.check(property(mutant.charts), mutantParameters(SEED, numRuns));
  return details.failed ? String(details.errorInstance) : undefined;
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('rechart', () => {
  it('refuses an action or guard the chart does not implement, which XState would skip in silence', () => {
    expect(() => rechart(localInvitationMachine, 'CANCELING', 'PEER_ACCEPTED', { target: 'ACCEPTED_BY_REMOTE', actions: 'recordResponse' })).toThrow(
      'rechart: the chart has no action named recordResponse',
    );
    expect(() => rechart(localInvitationMachine, 'CANCELING', 'PEER_ACCEPTED', [{ guard: 'isAwaitingReceit', target: 'ACCEPTED_BY_REMOTE' }])).toThrow(
      'rechart: the chart has no guard named isAwaitingReceit',
    );
    expect(() => rechart(localInvitationMachine, 'CANCELING', 'PEER_ACCEPTED', { target: 'ACCEPTED_BY_REMOTE', actions: 'recordAnswer' })).not.toThrow();
  });
});

describe('the whole-system properties catch their mutants', () => {
  it(`termination (1) catches: ${callerNeverExpires.name}`, async () => {
    expect(await counterexampleAgainst(callerNeverExpires, terminationProperty, 100)).toMatch(/caller ended/);
  });

  it(`one ending (2) catches: ${callerSkipsReceivedByPeer.name}`, async () => {
    expect(await counterexampleAgainst(callerSkipsReceivedByPeer, oneEndingProperty, 100)).toMatch(/caller saw accepted/);
  });

  it(`one ending (2) catches: ${callerRenotifiesOnDuplicateAccept.name}`, async () => {
    expect(await counterexampleAgainst(callerRenotifiesOnDuplicateAccept, oneEndingProperty, 200)).toMatch(/accepted.*→ accepted/);
  });

  it(`cancel order (2) catches: ${callerCancelsWithoutWaiting.name}`, async () => {
    expect(await counterexampleAgainst(callerCancelsWithoutWaiting, deliveredOrderProperty, 100)).toMatch(/canceled came before/);
  });

  it(`agreement (3) catches: ${calleeImpatientForConfirmation.name}`, async () => {
    expect(await counterexampleAgainst(calleeImpatientForConfirmation, agreementProperty, 100)).toMatch(/caller accepted, callee failure\(ACCEPT_FAILURE\)/);
  });

  it(`agreement (3) catches: ${acceptBeatsCancel.name}`, async () => {
    expect(await counterexampleAgainst(acceptBeatsCancel, agreementProperty, 300)).toMatch(/caller accepted, callee canceled/);
  });

  it(`races (2) catch: ${cancelingIgnoresReceipt.name}`, async () => {
    expect(await counterexampleAgainst(cancelingIgnoresReceipt, racesProperty, 300)).toMatch(/caller saw refused/);
  });

  it(`races (3) catch: ${acceptBeatsCancel.name}`, async () => {
    expect(await counterexampleAgainst(acceptBeatsCancel, racesProperty, 300)).toMatch(/caller accepted, callee canceled/);
  });

  it(`payload transfer (5) catches: ${callerDropsChannelId.name}`, async () => {
    expect(await counterexampleAgainst(callerDropsChannelId, payloadTransferProperty, 100)).toMatch(/callee got content\/channelId/);
  });

  it('isolation (6) catches: callee sendAcceptance uses the id of the invitation that rang last', async () => {
    // A fresh mutant, so that its shared "latest ring" starts clean.
    const counterexample = await counterexampleAgainst(calleeAcceptsTheLatestRing(), isolationProperty, 100);
    expect(counterexample).toMatch(/invariant violated:\n {2}call #\d+\n {4}alone: .*\n {4}crowd: /);
  });

  it(`several devices (9) catch: ${calleeIgnoresWhichDeviceWon.name}`, async () => {
    expect(await counterexampleAgainst(calleeIgnoresWhichDeviceWon, multiDeviceProperty, 100)).toMatch(/devices connected|connected, the caller took|rang until/);
  });

  it(`glare (9) catches: ${glareIgnored.name}`, async () => {
    expect(await counterexampleAgainst(glareIgnored, glareProperty, 100)).toMatch(/losing call/);
  });

  it(`resources (8) catches: ${callerNeverSettles.name}`, async () => {
    expect(await counterexampleAgainst(callerNeverSettles, resourcesProperty, 50)).toMatch(/live invitations after the run/);
  });
});

describe('the single-invitation checks catch their mutants', () => {
  it(`API table (4) catches: ${calleeMisreportsAlreadyAccept.name}`, async () => {
    expect(await calleeApiMismatches(calleeMisreportsAlreadyAccept.charts)).toContain(
      'ACCEPT_SENT_TO_LOCAL · accept: answered ALREADY_END, table says ALREADY_ACCEPT',
    );
  });

  it(`callee reference model (4) catches: ${calleeMisreportsAlreadyAccept.name}`, async () => {
    expect(await counterexampleAgainst(calleeMisreportsAlreadyAccept, calleeModelProperty, 150)).toMatch(/table says ALREADY_ACCEPT/);
  });

  it(`payload limits (5) catch: ${callerCountsUtf16Units.name}`, async () => {
    expect(await counterexampleAgainst(callerCountsUtf16Units, payloadsOverLimitsProperty, 60)).toMatch(/oversized invite answered OK/);
  });

  it(`caller reference model (4, 5) catches: ${callerCountsUtf16Units.name}`, async () => {
    expect(await counterexampleAgainst(callerCountsUtf16Units, callerModelProperty, 150)).toMatch(/table says INVALID_ARGUMENT/);
  });

  it(`hostile input (7) catches: ${canceledRevivedByAccept.name}`, async () => {
    expect(await counterexampleAgainst(canceledRevivedByAccept, hostileFramesProperty, 100)).toMatch(/moved from CANCELED to ACCEPTED_BY_REMOTE/);
  });

  it(`hostile input (7) catches: ${acceptedCalleeFailsOnExpire.name}`, async () => {
    expect(await counterexampleAgainst(acceptedCalleeFailsOnExpire, hostileFramesProperty, 100)).toMatch(/moved from ACCEPTED to FAILURE/);
  });
});

describe('the coverage check catches an untested transition', () => {
  it('reports a transition added to the caller’s chart on an event the verification does not send', () => {
    const report = coverageOf(callerWithUntestableTransition, CALLER_INPUT, CALLER_EVENTS);
    expect(report.unknownEvents).toEqual(['PEER_BUSY']);
    expect(report.uncovered).toEqual(['localInvitation.RECEIVED_BY_REMOTE · PEER_BUSY · #0']);
  });
});
