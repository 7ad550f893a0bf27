import { describe, expect, it } from 'vitest';
import type { Outcome } from '../../bench/lib/scale-protocol.js';
import { tallyOutcomes } from '../../bench/lib/scale-tally.js';

/** One kit process's report, as item 4's coordinator receives it; every field empty unless given. */
function report(fields: {
  callerOutcomes?: Array<readonly [string, Outcome]>;
  calleeOutcomes?: Array<readonly [string, Outcome]>;
  unseenCalleeEndings?: Array<readonly [string, readonly [Outcome, string]]>;
  replacedForCaller?: string[];
}) {
  return { callerOutcomes: [], calleeOutcomes: [], unseenCalleeEndings: [], replacedForCaller: [], ...fields };
}

describe("item 4's tally (bench/lib/scale-tally.ts)", () => {
  it('counts invitations whose two sides ended alike, by their outcome', () => {
    const tally = tallyOutcomes(
      [
        report({ callerOutcomes: [['a/1', 'accepted'], ['a/2', 'refused']], calleeOutcomes: [['b/3', 'canceled']] }),
        report({ callerOutcomes: [['b/3', 'canceled']], calleeOutcomes: [['a/1', 'accepted'], ['a/2', 'refused']] }),
      ],
      3,
    );
    expect(tally).toMatchObject({ outcomes: { accepted: 1, refused: 1, canceled: 1, failed: 0 }, lost: 0, disagreeing: 0, replaced: 0 });
  });

  it("counts a glare loser the callee's app was never shown by its callee chart's ending, not as lost", () => {
    // What the traced runs showed: a/1 crossed b's call to a, lost, and both charts ended refused, `replaced`;
    // b's kit noticed the crossing and never showed a/1 to its app, so the app saw no outcome.
    const tally = tallyOutcomes(
      [
        report({ callerOutcomes: [['a/1', 'refused']], replacedForCaller: ['a/1'] }),
        report({ unseenCalleeEndings: [['a/1', ['refused', 'replaced']]] }),
      ],
      1,
    );
    expect(tally).toMatchObject({ lost: 0, disagreeing: 0, replaced: 1, replacedUnseenByCallee: 1 });
  });

  it("counts a glare loser the callee's app saw (only its caller noticed) like any other invitation", () => {
    const tally = tallyOutcomes(
      [report({ callerOutcomes: [['a/1', 'canceled']], replacedForCaller: ['a/1'] }), report({ calleeOutcomes: [['a/1', 'canceled']] })],
      1,
    );
    expect(tally).toMatchObject({ lost: 0, disagreeing: 0, replaced: 1, replacedUnseenByCallee: 0 });
  });

  it("still counts as lost an invitation the callee's app never saw unless both sides say replaced", () => {
    const tally = tallyOutcomes(
      [
        report({ callerOutcomes: [['a/1', 'refused'], ['a/2', 'refused']], replacedForCaller: ['a/2'] }),
        // a/1: the callee chart ended, but the caller gave no `replaced`; a/2: the callee chart's reason is not `replaced`.
        report({ unseenCalleeEndings: [['a/1', ['refused', 'replaced']], ['a/2', ['refused', 'busy']]] }),
      ],
      2,
    );
    expect(tally).toMatchObject({ lost: 2, lostKeys: ['a/1', 'a/2'], replacedUnseenByCallee: 0 });
  });

  it("counts an unseen callee chart that ended otherwise than its caller as disagreeing", () => {
    const tally = tallyOutcomes(
      [report({ callerOutcomes: [['a/1', 'refused']], replacedForCaller: ['a/1'] }), report({ unseenCalleeEndings: [['a/1', ['canceled', 'replaced']]] })],
      1,
    );
    expect(tally).toMatchObject({ lost: 0, disagreeing: 1, disagreeingKeys: ['a/1'] });
  });

  it('counts as lost a callee with no outcome at all, a failed caller, and a caller that never ended', () => {
    const tally = tallyOutcomes(
      [
        report({ callerOutcomes: [['a/1', 'accepted'], ['a/2', 'failed']] }),
        report({ calleeOutcomes: [['a/2', 'failed']] }),
      ],
      3,
    );
    expect(tally).toMatchObject({ lost: 3, lostKeys: ['a/1', 'a/2'], outcomes: { accepted: 1, refused: 0, canceled: 0, failed: 1 } });
  });

  it('counts different outcomes on the two sides as disagreeing', () => {
    const tally = tallyOutcomes([report({ callerOutcomes: [['a/1', 'accepted']] }), report({ calleeOutcomes: [['a/1', 'failed']] })], 1);
    expect(tally).toMatchObject({ lost: 0, disagreeing: 1 });
  });
});
