import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { createCallKit, type RemoteInvitation } from '../../index.js';

const timeouts = { acknowledgeMs: 3_000, answerMs: 6_000, confirmMs: 1_000, resendMs: 200, lingerMs: 2_000 };

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

/** What the two apps do, and when, in one generated run. */
const scenario = fc.record({
  seed: fc.integer(),
  // Delays stay under half the confirmation window: the network "eventually delivers" in time.
  maxLatencyMs: fc.integer({ min: 0, max: timeouts.confirmMs / 2 - 1 }),
  duplicateRate: fc.double({ min: 0, max: 0.5, noNaN: true }),
  calleeAnswer: fc.constantFrom('accept', 'refuse', 'none'),
  calleeAnswerAfterMs: fc.integer({ min: 0, max: timeouts.answerMs + 500 }),
  callerCancelAfterMs: fc.option(fc.integer({ min: 0, max: timeouts.answerMs + 1_000 }), { nil: undefined }),
});

describe('accept agreement over a network that delivers', () => {
  it('ends the caller ACCEPTED_BY_REMOTE exactly when the callee ends ACCEPTED', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (run) => {
        const network = createMemoryNetwork({
          latency: { minMs: 0, maxMs: run.maxLatencyMs },
          duplicateRate: run.duplicateRate,
          seed: run.seed,
        });
        const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts });
        const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), timeouts });
        const received: RemoteInvitation[] = [];
        bob.on('remoteInvitationReceived', (remote) => {
          received.push(remote);
          if (run.calleeAnswer === 'none') return;
          setTimeout(() => remote[run.calleeAnswer === 'accept' ? 'accept' : 'refuse'](), run.calleeAnswerAfterMs);
        });
        const invitation = alice.createLocalInvitation('bob');
        invitation.send();
        if (run.callerCancelAfterMs !== undefined) setTimeout(() => invitation.cancel(), run.callerCancelAfterMs);
        await vi.advanceTimersByTimeAsync(timeouts.acknowledgeMs + timeouts.answerMs + 5 * timeouts.confirmMs);

        // A cancel can overtake the invite, in which case the callee never rings at all.
        expect(received.length).toBeLessThanOrEqual(1);
        const remote = received[0];
        const callerAccepted = invitation.state === 'ACCEPTED_BY_REMOTE';
        const calleeAccepted = remote?.state === 'ACCEPTED';
        expect(invitation.actor.getSnapshot().hasTag('ended')).toBe(true);
        if (remote) expect(remote.actor.getSnapshot().hasTag('ended')).toBe(true);
        expect({ callerAccepted, calleeAccepted, caller: invitation.state, callee: remote?.state }).toMatchObject({
          callerAccepted: calleeAccepted,
        });
        await Promise.all([alice.close(), bob.close()]);
      }),
      { numRuns: 150 },
    );
  });
});
