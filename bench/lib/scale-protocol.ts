/** Messages between the item 4 coordinator and its kit processes. */
import type { TransportName } from './transports.js';

export type Outcome = 'accepted' | 'refused' | 'canceled' | 'failed';
export type Plan = 'accept' | 'refuse' | 'cancel';

export interface ScaleWorkerParameters {
  readonly broker: TransportName;
  /** Topic prefix shared by every process of the run. */
  readonly prefix: string;
  readonly workerIndex: number;
  readonly workers: number;
  readonly users: number;
  readonly invitations: number;
  readonly inFlight: number;
  readonly seed: number;
  /** Record every message and chart state per invitation, so that a lost or disagreeing one can be explained. */
  readonly trace: boolean;
}

/** One invitation as one process saw it: the frames it sent and received, and the states its charts went through. */
export interface InvitationTrace {
  readonly workerIndex: number;
  /** `[ms since start, '→ peer' or '← peer', frame]`, in the order this process saw them. */
  readonly messages: ReadonlyArray<readonly [number, string, string]>;
  /** Actor id → the chart's successive state values (JSON), as `@xstate.snapshot` inspection events showed them. */
  readonly charts: Readonly<Record<string, readonly string[]>>;
  /** What the app's callbacks saw, in order. */
  readonly callbacks: readonly string[];
}

export type CoordinatorToWorker =
  | { readonly type: 'start' }
  | { readonly type: 'report' }
  /** Invitation ids (without the caller) whose traces the coordinator wants. */
  | { readonly type: 'trace'; readonly ids: readonly string[] }
  | { readonly type: 'close' };

export type WorkerToCoordinator =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly callerEnded: number; readonly calleeEnded: number; readonly lastCallerEndAt: number }
  | {
      readonly type: 'report';
      /** [invitation id, outcome] for the invitations this process placed. */
      readonly callerOutcomes: ReadonlyArray<readonly [string, Outcome]>;
      /** [invitation id, outcome] for the invitations this process received, as the app's callbacks saw them. */
      readonly calleeOutcomes: ReadonlyArray<readonly [string, Outcome]>;
      /**
       * [invitation id, [outcome, reason]] for the invitations this process received but the kit never showed
       * to the app (glare), as their charts ended.
       */
      readonly unseenCalleeEndings: ReadonlyArray<readonly [string, readonly [Outcome, string]]>;
      /** Ids of the invitations this process placed whose caller ended with the reason `replaced` (glare). */
      readonly replacedForCaller: readonly string[];
      /** accept() → caller's `accepted`, ms (wall clock across processes). */
      readonly callerAcceptedMs: readonly number[];
      /** accept() → callee's `accepted`, ms. */
      readonly calleeAcceptedMs: readonly number[];
      readonly dropped: number;
    }
  | { readonly type: 'trace'; readonly traces: ReadonlyArray<readonly [string, InvitationTrace]> }
  | { readonly type: 'closed' };

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
