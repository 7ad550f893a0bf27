/**
 * What a whole-system run does: who calls whom and when, what each app does
 * with its invitation, and how the network misbehaves. Plain data, so that
 * fast-check can generate, print and shrink it.
 */
import type { InvitationTimeouts } from '../../../index.js';

/** A callee that is connected but never runs a kit: nothing it receives is ever answered. */
export const SILENT_PEER = 'silent';
/** A callee that never connects: every send to it is refused with PEER_OFFLINE. */
export const ABSENT_PEER = 'absent';

/** What the callee's app does when the invitation rings. */
export type CalleeBehaviour =
  | { readonly kind: 'accept' | 'refuse'; readonly afterMs: number; readonly response: string }
  | { readonly kind: 'ignore' };

/** One invitation of a run. */
export interface CallPlan {
  /** Index of the calling user. */
  readonly callerIndex: number;
  /** Index of the called user, or one of the peers that never answer. */
  readonly callee: number | typeof SILENT_PEER | typeof ABSENT_PEER;
  /** When the caller creates and sends the invitation, from the start of the run. */
  readonly sendAtMs: number;
  readonly content: string;
  readonly channelId: string;
  /** When the caller's app cancels, after sending; never when undefined. */
  readonly cancelAfterMs: number | undefined;
  readonly answer: CalleeBehaviour;
}

/** A user's transport going down and coming back. */
export interface Outage {
  readonly userIndex: number;
  readonly atMs: number;
  readonly forMs: number;
}

/** The network's behaviour for a run; see `createMemoryNetwork`. */
export interface NetworkFaults {
  readonly latency: { readonly minMs: number; readonly maxMs: number };
  readonly lossRate: number;
  readonly duplicateRate: number;
  /** Seed of the network's own generator, so the faults replay with the run. */
  readonly seed: number;
}

export interface Scenario {
  /** Users with a kit: `user-0` … `user-(n-1)`. */
  readonly userCount: number;
  readonly calls: readonly CallPlan[];
  readonly faults: NetworkFaults;
  readonly outages: readonly Outage[];
  /** When set, every kit is closed at this time (from the start of the run) instead of letting the calls run out. */
  readonly closeAtMs?: number | undefined;
}

/**
 * The timeouts of the whole-system properties: the default ratios, scaled down
 * ten times so that a run covers every phase in few timer firings. Latency in
 * the delivering network stays below half of `confirmMs`, as the agreement
 * invariant requires, and `lingerMs` above `confirmMs` plus the worst delay.
 */
export const PROPERTY_TIMEOUTS: InvitationTimeouts = {
  acknowledgeMs: 3_000,
  answerMs: 6_000,
  confirmMs: 1_000,
  resendMs: 200,
  lingerMs: 2_000,
};

export function userIdOf(index: number): string {
  return `user-${index}`;
}
