/**
 * Item 4: many users on several kit processes sharing one broker, a stream of
 * invitations with random outcomes (half accepted, a quarter refused, a
 * quarter canceled by the caller once ringing). Reports the sustained rate,
 * handshake latency percentiles, and checks that every invitation ended on
 * both sides with the same outcome.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import type {
  CoordinatorToWorker,
  InvitationTrace,
  Outcome,
  ScaleWorkerParameters,
  WorkerToCoordinator,
} from '../lib/scale-protocol.js';
import { wallClockMs } from '../lib/scale-protocol.js';
import { tallyOutcomes } from '../lib/scale-tally.js';
import { percentile, round, sleep } from '../lib/statistics.js';
import { createRunPrefix, type TransportName } from '../lib/transports.js';

const parameters = itemParameters({
  broker: 'redis' as TransportName,
  workers: 4,
  users: 1_000,
  invitations: 10_000,
  inFlightPerWorker: 25,
  seed: 7,
  /** Record every invitation's messages and chart states, and print those of the lost and disagreeing ones. */
  trace: false,
});

export interface BrokerScaleResult {
  readonly broker: TransportName;
  readonly workers: number;
  readonly users: number;
  readonly invitations: number;
  readonly inFlight: number;
  readonly elapsedMs: number;
  readonly invitationsPerSecond: number;
  readonly outcomes: Readonly<Record<Outcome, number>>;
  readonly callerAcceptedMs: { readonly p50: number; readonly p99: number };
  readonly calleeAcceptedMs: { readonly p50: number; readonly p99: number };
  /**
   * Glare (two users calling each other at once): invitations whose caller ended with the reason `replaced`
   * because the crossing invitation went ahead. Counted by their outcomes like any other. Absent from
   * results stored before glare was counted apart (there, the unseen ones counted as lost).
   */
  readonly replaced?: number;
  /**
   * Of those, the ones the callee's kit never showed to its app (it noticed the crossing): their callee
   * outcome is the chart's own ending, which must be the caller's with the reason `replaced`.
   */
  readonly replacedUnseenByCallee?: number;
  /**
   * Placed, but no outcome on the caller's or the callee's side (or the caller failed, or the callee's app
   * was never shown an invitation that glare did not replace).
   */
  readonly lost: number;
  /** Both sides ended, with different outcomes. */
  readonly disagreeing: number;
  readonly droppedMessages: number;
}

interface Worker {
  readonly process: ChildProcess;
  latest: Extract<WorkerToCoordinator, { type: 'progress' }> | undefined;
  report: Extract<WorkerToCoordinator, { type: 'report' }> | undefined;
  traces: Extract<WorkerToCoordinator, { type: 'trace' }> | undefined;
  ready: boolean;
  closed: boolean;
}

function waitUntil(condition: () => boolean, description: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return (async () => {
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`broker scale: gave up waiting until ${description}`);
      await sleep(20);
    }
  })();
}

/** The callee of a traced invitation, from its charts' ids (`invitation:<caller>→<callee>:<id>`). */
function calleeOf(traces: readonly InvitationTrace[]): string | undefined {
  const actorId = traces.flatMap((trace) => Object.keys(trace.charts))[0];
  return actorId?.match(/^invitation:.*→(.*):[^:]*$/)?.[1];
}

runAsItem(async (): Promise<BrokerScaleResult> => {
  const { workers: workerCount, invitations } = parameters;
  const workers: Worker[] = [];
  const prefix = createRunPrefix();
  for (let workerIndex = 0; workerIndex < workerCount; workerIndex++) {
    const share = Math.floor(invitations / workerCount) + (workerIndex < invitations % workerCount ? 1 : 0);
    const workerParameters: ScaleWorkerParameters = {
      broker: parameters.broker,
      prefix,
      workerIndex,
      workers: workerCount,
      users: parameters.users,
      invitations: share,
      inFlight: parameters.inFlightPerWorker,
      seed: parameters.seed,
      trace: parameters.trace,
    };
    const child = fork(join(import.meta.dirname, 'broker-scale-worker.mjs'), [JSON.stringify(workerParameters)], {
      execArgv: ['--enable-source-maps'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const worker: Worker = { process: child, latest: undefined, report: undefined, traces: undefined, ready: false, closed: false };
    child.on('message', (message: WorkerToCoordinator) => {
      if (message.type === 'ready') worker.ready = true;
      else if (message.type === 'progress') worker.latest = message;
      else if (message.type === 'report') worker.report = message;
      else if (message.type === 'trace') worker.traces = message;
      else worker.closed = true;
    });
    child.on('exit', (code) => {
      if (!worker.closed) console.error(`broker scale: worker ${workerIndex} exited with ${String(code)}`);
      worker.closed = true;
    });
    workers.push(worker);
  }
  const tellAll = (message: CoordinatorToWorker) => workers.forEach((worker) => worker.process.send(message));

  await waitUntil(() => workers.every((worker) => worker.ready), `${parameters.users} users connect`, 60_000);
  const startedAt = wallClockMs();
  tellAll({ type: 'start' });
  const total = (field: 'callerEnded' | 'calleeEnded') => workers.reduce((sum, worker) => sum + (worker.latest?.[field] ?? 0), 0);
  const progressTimer = setInterval(
    () => progress(`${parameters.broker}: ${total('callerEnded')} ended for callers, ${total('calleeEnded')} for callees`),
    2_000,
  );
  await waitUntil(() => total('callerEnded') >= invitations, 'every invitation ends for its caller', 120_000).finally(() =>
    clearInterval(progressTimer),
  );
  const lastCallerEndAt = Math.max(...workers.map((worker) => worker.latest?.lastCallerEndAt ?? 0));
  // The callee's side ends one message later (a confirmation, a cancel); a missing one counts as lost.
  await waitUntil(() => total('calleeEnded') >= invitations, 'every invitation ends for its callee', 15_000).catch(() => {});
  tellAll({ type: 'report' });
  await waitUntil(() => workers.every((worker) => worker.report !== undefined), 'every process reports', 30_000);

  const reports = workers.map((worker) => worker.report!);
  const { outcomes, replaced, replacedUnseenByCallee, lost, disagreeing, lostKeys, disagreeingKeys } = tallyOutcomes(reports, invitations);
  if (parameters.trace && lostKeys.length + disagreeingKeys.length > 0) {
    const ids = [...lostKeys, ...disagreeingKeys].map((key) => key.slice(key.indexOf('/') + 1));
    tellAll({ type: 'trace', ids });
    await waitUntil(() => workers.every((worker) => worker.traces !== undefined), 'every process sends its traces', 30_000);
    for (const key of [...lostKeys, ...disagreeingKeys]) {
      const id = key.slice(key.indexOf('/') + 1);
      const all = workers.flatMap((worker) => worker.traces!.traces);
      const kind = lostKeys.includes(key) ? 'lost' : 'disagreeing';
      const sideOf = (side: 'callerOutcomes' | 'calleeOutcomes') =>
        reports.flatMap((report) => report[side]).find(([reported]) => reported === key)?.[1] ?? '-';
      const unseen = reports.flatMap((report) => report.unseenCalleeEndings).find(([reported]) => reported === key)?.[1];
      const sides = `caller ${sideOf('callerOutcomes')}, callee ${sideOf('calleeOutcomes')}${unseen ? `, callee chart unseen by its app ${unseen.join(' ')}` : ''}`;
      const seen = all.filter(([traced]) => traced === id).map(([, trace]) => trace);
      process.stderr.write(`\n${kind} invitation ${key} (${sides}):\n${JSON.stringify(seen, null, 2)}\n`);
      // Chart ids read `invitation:<caller>→<callee>:<id>`: the crossing ones name the same two users the other way.
      const caller = key.slice(0, key.indexOf('/'));
      const callee = calleeOf(seen);
      const crossing = all.filter(
        ([traced, trace]) => traced !== id && Object.keys(trace.charts).some((actorId) => actorId.startsWith(`invitation:${callee}→${caller}:`)),
      );
      if (crossing.length > 0) {
        process.stderr.write(`invitations between the same two users the other way:\n${JSON.stringify(crossing, null, 2)}\n`);
      }
    }
  }
  tellAll({ type: 'close' });
  await waitUntil(() => workers.every((worker) => worker.closed), 'every process closes', 30_000).catch(() => {
    workers.forEach((worker) => worker.process.kill());
  });

  const callerLatencies = reports.flatMap((report) => report.callerAcceptedMs);
  const calleeLatencies = reports.flatMap((report) => report.calleeAcceptedMs);
  const elapsedMs = lastCallerEndAt - startedAt;
  const result: BrokerScaleResult = {
    broker: parameters.broker,
    workers: workerCount,
    users: parameters.users,
    invitations,
    inFlight: parameters.inFlightPerWorker * workerCount,
    elapsedMs: round(elapsedMs, 0),
    invitationsPerSecond: Math.round((invitations / elapsedMs) * 1000),
    outcomes,
    replaced,
    replacedUnseenByCallee,
    callerAcceptedMs: { p50: round(percentile(callerLatencies, 50), 3), p99: round(percentile(callerLatencies, 99), 3) },
    calleeAcceptedMs: { p50: round(percentile(calleeLatencies, 50), 3), p99: round(percentile(calleeLatencies, 99), 3) },
    lost,
    disagreeing,
    droppedMessages: reports.reduce((sum, report) => sum + report.dropped, 0),
  };
  progress(
    `${parameters.broker}: ${result.invitationsPerSecond} invitations/s, callee-accepted p99 ${result.calleeAcceptedMs.p99} ms, ` +
      `lost ${lost}, disagreeing ${disagreeing}, replaced by glare ${replaced} (${replacedUnseenByCallee} never shown to the callee's app)`,
  );
  return result;
});
