/**
 * Calls between two kits over a {@link createScheduledNetwork}: sends,
 * cancels, accepts, refusals, deliveries and expiries all interleave in the
 * order a fast-check scheduler picks, with every delay below half the
 * confirmation timeout (a network that eventually delivers).
 */
import type fc from 'fast-check';
import { vi } from 'vitest';
import type { CallKit, InvitationTimeouts } from '../../../index.js';
import { Journal, journalLocalInvitation } from './journal.js';
import { PROPERTY_TIMEOUTS, userIdOf, type CallPlan, type Scenario } from './scenario.js';
import { createScheduledNetwork } from './scheduled-network.js';
import { DELIVERING_MAX_LATENCY_MS } from '../scenario-arbitraries.js';
import { createJournaledKit, type CallRecord, type ChartsUnderTest, type KitWiring, type Outcome } from './world.js';

/** Calls between user-0 and user-1; every app action happens whenever the scheduler lets it. */
export interface RacePlan {
  readonly calls: readonly CallPlan[];
  readonly duplicateEveryMessage: boolean;
}

export async function runRace(
  scheduler: fc.Scheduler,
  plan: RacePlan,
  charts: ChartsUnderTest = {},
  timeouts: InvitationTimeouts = PROPERTY_TIMEOUTS,
): Promise<Outcome> {
  const network = createScheduledNetwork(scheduler, { ...plan, maxDelayMs: DELIVERING_MAX_LATENCY_MS });
  const journal = new Journal();
  const callbackErrors: unknown[] = [];
  const calls: CallRecord[] = [];
  const callsById = new Map<string, CallRecord>();
  const strayInvitations: Outcome['strayInvitations'][number][] = [];
  const whenScheduled = (label: string, action: () => void) =>
    void scheduler.schedule(Promise.resolve(), label).then(action);

  const wiring: KitWiring = {
    timeouts,
    charts,
    journal,
    callsById,
    strayInvitations,
    callbackErrors,
    answerWhenDue: (call, planned, answer) =>
      whenScheduled(`call #${call.planIndex}: callee ${planned.kind === 'accept' ? 'accepts' : 'refuses'}`, answer),
  };
  const kits: CallKit[] = [0, 1].map((index) => createJournaledKit(userIdOf(index), network.connect(userIdOf(index)), wiring));

  plan.calls.forEach((callPlan, planIndex) => {
    const kit = kits[callPlan.callerIndex];
    if (!kit || typeof callPlan.callee !== 'number') throw new Error('a race is between user-0 and user-1');
    const caller = kit.createLocalInvitation(userIdOf(callPlan.callee), { content: callPlan.content, channelId: callPlan.channelId });
    journalLocalInvitation(journal, caller);
    const record: CallRecord = { plan: callPlan, planIndex, caller, sendResult: caller.send(), sentAt: Date.now() };
    callsById.set(caller.id, record);
    calls.push(record);
    if (callPlan.cancelAfterMs !== undefined) whenScheduled(`call #${planIndex}: caller cancels`, () => caller.cancel());
  });

  await network.runUntilQuiet();
  const liveInvitations = { local: 0, remote: 0 };
  for (const kit of kits) {
    liveInvitations.local += kit.stats().liveLocalInvitations;
    liveInvitations.remote += kit.stats().liveRemoteInvitations;
  }
  await Promise.all(kits.map((kit) => kit.close()));
  const timersAfterClose = vi.getTimerCount();
  vi.clearAllTimers();

  const scenario: Scenario = {
    userCount: 2,
    calls: plan.calls,
    faults: { latency: { minMs: 0, maxMs: DELIVERING_MAX_LATENCY_MS }, lossRate: 0, duplicateRate: plan.duplicateEveryMessage ? 1 : 0, seed: 0 },
    outages: [],
  };
  return {
    scenario,
    timeouts,
    journal,
    calls,
    strayInvitations,
    callbackErrors,
    liveInvitations,
    timersAfterClose,
    networkStats: undefined,
  };
}
