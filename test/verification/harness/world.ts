/**
 * Runs a {@link Scenario} on the in-memory network, under vitest's fake
 * timers, with one kit per user, and returns everything the invariant checks
 * need. The callers must have called `vi.useFakeTimers()`.
 */
import { vi } from 'vitest';
import {
  createCallKit,
  type CallKit,
  type InvitationApiCallError,
  type InvitationTimeouts,
  type LocalInvitation,
  type RemoteInvitation,
} from '../../../index.js';
import { createMemoryNetwork, type MemoryNetworkStats } from '../../../adapters/memory.js';
import type { Transport } from '../../../adapters/transport.js';
import type { localInvitationMachine, remoteInvitationMachine } from '../../../machines/index.js';
import { Journal, journalLocalInvitation, journalRemoteInvitation } from './journal.js';
import {
  PROPERTY_TIMEOUTS,
  SILENT_PEER,
  userIdOf,
  type CalleeBehaviour,
  type CallPlan,
  type Scenario,
} from './scenario.js';

/** The charts a run uses: the package's own, or deliberately broken variants. */
export interface ChartsUnderTest {
  readonly localInvitation?: typeof localInvitationMachine;
  readonly remoteInvitation?: typeof remoteInvitationMachine;
}

/** One invitation of the run, both ends. */
export interface CallRecord {
  readonly plan: CallPlan;
  /** Index of the plan in the scenario, to match runs of the same scenario. */
  readonly planIndex: number;
  readonly caller: LocalInvitation;
  readonly sendResult: InvitationApiCallError;
  readonly sentAt: number;
  /** The callee's handle, once the invitation rang there. */
  callee?: RemoteInvitation;
  receivedAt?: number;
}

export interface Outcome {
  readonly scenario: Scenario;
  readonly timeouts: InvitationTimeouts;
  readonly journal: Journal;
  readonly calls: readonly CallRecord[];
  /** Invitations that rang at a callee although no call of the run has their id. */
  readonly strayInvitations: readonly RemoteInvitation[];
  /** Exceptions that reached the kits' `onCallbackError`. */
  readonly callbackErrors: readonly unknown[];
  /** Live invitations by the kits' counters: after the run (before closing), or after an early close. */
  readonly liveInvitations: { readonly local: number; readonly remote: number };
  /** Timers still pending once every kit is closed and the test's own timers are cleared. */
  readonly timersAfterClose: number;
  /** What the in-memory network did, when the run used one. */
  readonly networkStats: MemoryNetworkStats | undefined;
}

/** The callee's planned answer, when it has one. */
export type PlannedAnswer = Exclude<CalleeBehaviour, { kind: 'ignore' }>;

/** What {@link createJournaledKit} records into, and how the run decides when a callee answers. */
export interface KitWiring {
  readonly timeouts: InvitationTimeouts;
  readonly charts: ChartsUnderTest;
  readonly journal: Journal;
  readonly callsById: ReadonlyMap<string, CallRecord>;
  readonly strayInvitations: RemoteInvitation[];
  readonly callbackErrors: unknown[];
  /** Runs `answer` when the run says the callee's planned answer is due: after a delay, or when a scheduler picks it. */
  readonly answerWhenDue: (call: CallRecord, planned: PlannedAnswer, answer: () => void) => void;
}

/**
 * A kit for one user of a run: it journals every invitation that rings there,
 * matches it to its call, and answers as the call's plan says.
 */
export function createJournaledKit(userId: string, transport: Transport, wiring: KitWiring): CallKit {
  const kit = createCallKit({
    userId,
    transport,
    timeouts: wiring.timeouts,
    machines: wiring.charts,
    onCallbackError: (error) => wiring.callbackErrors.push(error),
  });
  kit.on('remoteInvitationReceived', (invitation) => {
    const call = wiring.callsById.get(invitation.id);
    if (!call) {
      wiring.strayInvitations.push(invitation);
      return;
    }
    call.callee = invitation;
    call.receivedAt = Date.now();
    journalRemoteInvitation(wiring.journal, invitation);
    const planned = call.plan.answer;
    if (planned.kind === 'ignore') return;
    wiring.answerWhenDue(call, planned, () =>
      planned.kind === 'accept' ? invitation.accept(planned.response) : invitation.refuse(planned.response),
    );
  });
  return kit;
}

/** Time after the last planned action by which every invitation has ended and settled, with room to spare. */
function horizonOf(scenario: Scenario, timeouts: InvitationTimeouts): number {
  const { acknowledgeMs, answerMs, confirmMs, lingerMs } = timeouts;
  let lastAction = 0;
  for (const call of scenario.calls) {
    const answerAfter = call.answer.kind === 'ignore' ? 0 : call.answer.afterMs;
    lastAction = Math.max(lastAction, call.sendAtMs + Math.max(call.cancelAfterMs ?? 0, answerAfter));
  }
  for (const outage of scenario.outages) lastAction = Math.max(lastAction, outage.atMs + outage.forMs);
  return lastAction + acknowledgeMs + answerMs + 2 * confirmMs + lingerMs + 4 * scenario.faults.latency.maxMs + 1_000;
}

export async function runScenario(
  scenario: Scenario,
  charts: ChartsUnderTest = {},
  timeouts: InvitationTimeouts = PROPERTY_TIMEOUTS,
): Promise<Outcome> {
  const network = createMemoryNetwork(scenario.faults);
  const journal = new Journal();
  const callbackErrors: unknown[] = [];
  const calls: CallRecord[] = [];
  const callsById = new Map<string, CallRecord>();
  const strayInvitations: RemoteInvitation[] = [];
  const appTimers = new Set<ReturnType<typeof setTimeout>>();

  // The apps' own timers are part of the test, not of the kit: tracked so they can be told apart.
  function later(ms: number, action: () => void): void {
    const timer = setTimeout(() => {
      appTimers.delete(timer);
      action();
    }, ms);
    appTimers.add(timer);
  }

  const wiring: KitWiring = {
    timeouts,
    charts,
    journal,
    callsById,
    strayInvitations,
    callbackErrors,
    answerWhenDue: (_, planned, answer) => later(planned.afterMs, answer),
  };
  const kits: CallKit[] = [];
  for (let index = 0; index < scenario.userCount; index++) {
    kits.push(createJournaledKit(userIdOf(index), network.connect(userIdOf(index)), wiring));
  }
  // Connected, never answers.
  network.connect(SILENT_PEER);

  scenario.calls.forEach((plan, planIndex) => {
    later(plan.sendAtMs, () => {
      const kit = kits[plan.callerIndex];
      if (!kit) throw new Error(`no user ${plan.callerIndex} in a scenario of ${scenario.userCount}`);
      const calleeId = typeof plan.callee === 'number' ? userIdOf(plan.callee) : plan.callee;
      const caller = kit.createLocalInvitation(calleeId, { content: plan.content, channelId: plan.channelId });
      journalLocalInvitation(journal, caller);
      const sentAt = Date.now();
      // The memory network never delivers synchronously, so the record exists before the invite can ring.
      const record: CallRecord = { plan, planIndex, caller, sendResult: caller.send(), sentAt };
      callsById.set(caller.id, record);
      calls.push(record);
      const { cancelAfterMs } = plan;
      if (cancelAfterMs !== undefined) later(cancelAfterMs, () => caller.cancel());
    });
  });
  for (const outage of scenario.outages) {
    const userId = userIdOf(outage.userIndex);
    later(outage.atMs, () => network.disconnect(userId));
    later(outage.atMs + outage.forMs, () => network.reconnect(userId));
  }

  const runFor = scenario.closeAtMs ?? horizonOf(scenario, timeouts);
  await vi.advanceTimersByTimeAsync(runFor);
  const liveInvitations = { local: 0, remote: 0 };
  const countLiveInvitations = () => {
    for (const kit of kits) {
      const stats = kit.stats();
      liveInvitations.local += stats.liveLocalInvitations;
      liveInvitations.remote += stats.liveRemoteInvitations;
    }
  };
  // Calls that ran out must have released everything on their own; an early close must release it all.
  if (scenario.closeAtMs === undefined) countLiveInvitations();
  for (const timer of appTimers) clearTimeout(timer);
  appTimers.clear();
  await Promise.all(kits.map((kit) => kit.close()));
  if (scenario.closeAtMs !== undefined) countLiveInvitations();
  // Let the callbacks of invitations ended by the close reach the journal.
  await vi.advanceTimersByTimeAsync(0);
  const timersAfterClose = vi.getTimerCount();
  // The network's copies still in flight (early close) are not the kit's; clear them for the next run.
  vi.clearAllTimers();

  // Sorted by plan, so that runs of the same scenario line up whatever the send order.
  calls.sort((first, second) => first.planIndex - second.planIndex);
  return {
    scenario,
    timeouts,
    journal,
    calls,
    strayInvitations,
    callbackErrors,
    liveInvitations,
    timersAfterClose,
    networkStats: network.stats(),
  };
}
