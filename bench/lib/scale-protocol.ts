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
}

export type CoordinatorToWorker = { readonly type: 'start' } | { readonly type: 'report' } | { readonly type: 'close' };

export type WorkerToCoordinator =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly callerEnded: number; readonly calleeEnded: number; readonly lastCallerEndAt: number }
  | {
      readonly type: 'report';
      /** [invitation id, outcome] for the invitations this process placed. */
      readonly callerOutcomes: ReadonlyArray<readonly [string, Outcome]>;
      /** [invitation id, outcome] for the invitations this process received. */
      readonly calleeOutcomes: ReadonlyArray<readonly [string, Outcome]>;
      /** accept() → caller's `accepted`, ms (wall clock across processes). */
      readonly callerAcceptedMs: readonly number[];
      /** accept() → callee's `accepted`, ms. */
      readonly calleeAcceptedMs: readonly number[];
      readonly dropped: number;
    }
  | { readonly type: 'closed' };

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}
