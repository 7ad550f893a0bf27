/**
 * Item 4's verdict on every invitation, from what the kit processes reported:
 * agreeing, disagreeing or lost. Pure, so that its rules are tested
 * (test/bench/scale-tally.test.ts).
 */
import type { Outcome, WorkerToCoordinator } from './scale-protocol.js';

type Report = Extract<WorkerToCoordinator, { type: 'report' }>;

export interface ScaleTally {
  /** Placed invitations by their caller's outcome. */
  readonly outcomes: Readonly<Record<Outcome, number>>;
  /** Invitations whose caller ended with the reason `replaced` (glare). */
  readonly replaced: number;
  /** Of those, the ones the callee's app was never shown, whose callee chart ended as the caller did, `replaced`. */
  readonly replacedUnseenByCallee: number;
  /** Placed, but no outcome on one side, or the caller failed, or the callee's app never saw it without glare. */
  readonly lost: number;
  /** Both sides ended, with different outcomes. */
  readonly disagreeing: number;
  /** The callers' keys (`caller/id`) of the lost invitations whose caller ended (the others never did). */
  readonly lostKeys: readonly string[];
  readonly disagreeingKeys: readonly string[];
}

/**
 * The callee's outcome is the one its app's callbacks saw. The kit shows a callee's app every invitation but
 * a glare loser that the callee noticed (docs/protocol.md, "Glare"): for those alone the callee chart's own
 * ending stands in, and only when it is the caller's outcome and both sides give the reason `replaced`.
 */
export function tallyOutcomes(
  reports: ReadonlyArray<Pick<Report, 'callerOutcomes' | 'calleeOutcomes' | 'unseenCalleeEndings' | 'replacedForCaller'>>,
  invitations: number,
): ScaleTally {
  const callerOutcomes = new Map(reports.flatMap((report) => report.callerOutcomes));
  const calleeOutcomes = new Map(reports.flatMap((report) => report.calleeOutcomes));
  const unseenCalleeEndings = new Map(reports.flatMap((report) => report.unseenCalleeEndings));
  const replacedForCaller = new Set(reports.flatMap((report) => report.replacedForCaller));
  const outcomes: Record<Outcome, number> = { accepted: 0, refused: 0, canceled: 0, failed: 0 };
  const lostKeys: string[] = [];
  const disagreeingKeys: string[] = [];
  let replaced = 0;
  let replacedUnseenByCallee = 0;
  for (const [key, outcome] of callerOutcomes) {
    outcomes[outcome]++;
    if (replacedForCaller.has(key)) replaced++;
    const calleeOutcome = calleeOutcomes.get(key);
    const unseen = unseenCalleeEndings.get(key);
    if (outcome === 'failed') lostKeys.push(key);
    else if (calleeOutcome !== undefined) {
      if (calleeOutcome !== outcome) disagreeingKeys.push(key);
    } else if (unseen === undefined) lostKeys.push(key);
    else if (unseen[0] !== outcome) disagreeingKeys.push(key);
    else if (unseen[1] === 'replaced' && replacedForCaller.has(key)) replacedUnseenByCallee++;
    else lostKeys.push(key);
  }
  return {
    outcomes,
    replaced,
    replacedUnseenByCallee,
    // A placed invitation whose caller never ended is lost too.
    lost: lostKeys.length + invitations - callerOutcomes.size,
    disagreeing: disagreeingKeys.length,
    lostKeys,
    disagreeingKeys,
  };
}
