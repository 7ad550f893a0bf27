/**
 * Item 2, first half: N invitations ringing at once in one process, caller and
 * callee side. Heap per pair, time to get them all ringing, and proof that
 * they all end (half canceled by the caller, half expired) and give their
 * memory back.
 */
import { createMemoryNetwork } from '../../adapters/memory.js';
import type { InvitationTimeouts } from '../../machines/constants.js';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { collectedHeapBytes } from '../lib/heap.js';
import { KIT_FACTORIES, type BenchKit, type BenchLocalInvitation, type Implementation } from '../lib/kits.js';
import { nextTurn, round, until } from '../lib/statistics.js';

const parameters = itemParameters({ invitations: 100_000, implementation: 'statecharts' as Implementation, chunk: 1_000 });

export interface RingingMemoryResult {
  readonly implementation: Implementation;
  readonly invitations: number;
  /** Heap growth while all rang, per caller+callee pair. Target: under 10 KB (10 240 bytes). */
  readonly heapBytesPerPair: number;
  /** From the first send to the last invitation ringing on both sides. */
  readonly createAllMs: number;
  readonly invitationsPerSecond: number;
  /** Live invitations on both sides once all rang: 2 × invitations when they all rang at once. */
  readonly liveWhileRinging: number;
  /** The answer window of the expiring half. */
  readonly answerMs: number;
  readonly outcomes: {
    readonly callerCanceled: number;
    readonly calleeCanceled: number;
    readonly callerExpired: number;
    readonly calleeExpired: number;
    readonly other: number;
  };
  /** Live invitations once everything ended and settled (both sides). */
  readonly liveAfterEnd: number;
  readonly heapBeforeBytes: number;
  readonly heapRingingBytes: number;
  /** After every invitation ended and settled, kits still open (the callee still remembers ended ids). */
  readonly heapAfterEndBytes: number;
  /** After closing both kits. */
  readonly heapAfterCloseBytes: number;
}

interface Pair {
  readonly caller: BenchKit;
  readonly callee: BenchKit;
}

function connectPair(implementation: Implementation, timeouts: Partial<InvitationTimeouts>, maxIncomingInvitations: number): Pair {
  const network = createMemoryNetwork({ latency: { minMs: 0, maxMs: 0 }, seed: 1 });
  const createKit = KIT_FACTORIES[implementation];
  return {
    caller: createKit({ userId: 'alice', transport: network.connect('alice'), timeouts, maxIncomingInvitations }),
    callee: createKit({ userId: 'bob', transport: network.connect('bob'), timeouts, maxIncomingInvitations }),
  };
}

/** Sends `count` invitations in chunks (a turn of the event loop between them) and resolves once all ring on both sides. */
async function ringAll(pair: Pair, count: number, onCreated: (invitation: BenchLocalInvitation) => void): Promise<number> {
  let ringingAtCaller = 0;
  let ringingAtCallee = 0;
  const stop = pair.callee.on('remoteInvitationReceived', () => {
    ringingAtCallee++;
  });
  const startedAt = performance.now();
  for (let sent = 0; sent < count; ) {
    const end = Math.min(count, sent + parameters.chunk);
    for (; sent < end; sent++) {
      const invitation = pair.caller.createLocalInvitation('bob');
      invitation.on('receivedByPeer', () => {
        ringingAtCaller++;
      });
      onCreated(invitation);
      invitation.send();
    }
    await nextTurn();
  }
  await until(() => ringingAtCaller === count && ringingAtCallee === count, `${count} invitations ring`, 600_000);
  stop();
  return performance.now() - startedAt;
}

runAsItem(async (): Promise<RingingMemoryResult> => {
  const { invitations, implementation } = parameters;
  const half = Math.floor(invitations / 2);
  // Two pairs of kits ring at once. The first half is canceled by its caller;
  // the second half, created last, expires: its answer window is sized from
  // how long the first half took, so that it outlasts the measurement but
  // not by minutes.
  const canceling = connectPair(implementation, { lingerMs: 500, confirmMs: 400 }, 2 * half);
  const outcomes = { callerCanceled: 0, calleeCanceled: 0, callerExpired: 0, calleeExpired: 0, other: 0 };
  const countCalleeOutcomes = (pair: Pair) =>
    pair.callee.on('remoteInvitationReceived', (invitation) => {
      invitation.on('canceled', () => outcomes.calleeCanceled++);
      invitation.on('failure', (reason) => (reason === 'INVITATION_EXPIRE' ? outcomes.calleeExpired++ : outcomes.other++));
      invitation.on('accepted', () => outcomes.other++);
      invitation.on('refused', () => outcomes.other++);
    });
  const countCallerOutcomes = (invitation: BenchLocalInvitation) => {
    invitation.on('canceled', () => outcomes.callerCanceled++);
    invitation.on('failure', (reason) => (reason === 'INVITATION_EXPIRE' ? outcomes.callerExpired++ : outcomes.other++));
    invitation.on('accepted', () => outcomes.other++);
    invitation.on('refused', () => outcomes.other++);
  };
  countCalleeOutcomes(canceling);
  const toCancel: BenchLocalInvitation[] = [];
  const heapBeforeBytes = await collectedHeapBytes();

  const firstHalfMs = await ringAll(canceling, half, (invitation) => {
    countCallerOutcomes(invitation);
    toCancel.push(invitation);
  });
  const answerMs = Math.ceil((firstHalfMs * 1.5 + 3_000) / 1000) * 1000;
  const expiring = connectPair(implementation, { answerMs, lingerMs: 500, confirmMs: 400 }, 2 * half);
  countCalleeOutcomes(expiring);
  const secondHalfMs = await ringAll(expiring, invitations - half, countCallerOutcomes);
  const createAllMs = firstHalfMs + secondHalfMs;
  const pairs = [canceling, expiring];
  const live = () =>
    pairs.reduce((sum, { caller, callee }) => sum + caller.stats().liveLocalInvitations + callee.stats().liveRemoteInvitations, 0);
  const liveWhileRinging = live();
  const heapRingingBytes = await collectedHeapBytes();
  progress(
    `${implementation}: ${invitations} ringing after ${Math.round(createAllMs)} ms (live caller+callee ${liveWhileRinging}), ` +
      `${Math.round((heapRingingBytes - heapBeforeBytes) / invitations)} B/pair; half expire after ${answerMs} ms`,
  );

  // The references are dropped as they are canceled, so that only the kits could keep them alive.
  for (const invitation of toCancel.splice(0)) invitation.cancel();
  await until(() => live() === 0, 'every invitation ends and settles', answerMs + 120_000);
  const liveAfterEnd = live();
  const heapAfterEndBytes = await collectedHeapBytes();
  await Promise.all(pairs.flatMap(({ caller, callee }) => [caller.close(), callee.close()]));
  const heapAfterCloseBytes = await collectedHeapBytes();
  return {
    implementation,
    invitations,
    heapBytesPerPair: Math.round((heapRingingBytes - heapBeforeBytes) / invitations),
    createAllMs: round(createAllMs, 0),
    invitationsPerSecond: Math.round((invitations / createAllMs) * 1000),
    liveWhileRinging,
    answerMs,
    outcomes,
    liveAfterEnd,
    heapBeforeBytes,
    heapRingingBytes,
    heapAfterEndBytes,
    heapAfterCloseBytes,
  };
});
