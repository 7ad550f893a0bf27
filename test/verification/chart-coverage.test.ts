/**
 * Every state and every transition of both charts is reachable with the
 * events the verification knows, and the graph's paths replay on real actors.
 * A transition added to a chart without a way to take it fails here.
 */
import { describe, expect, it } from 'vitest';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import { coverageOf, replayShortestPaths, statesNotReached } from './chart-coverage.js';
import { CALLEE_EVENTS, CALLER_EVENTS, CALLEE_INPUT, CALLER_INPUT } from './chart-events.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';

describe('path coverage of the charts', () => {
  it('takes every transition of the caller’s chart, CANCELING and the delayed ones included', () => {
    const report = coverageOf(localInvitationMachine, CALLER_INPUT, CALLER_EVENTS);
    expect(report.unknownEvents).toEqual([]);
    expect(report.uncovered).toEqual([]);
  });

  it('takes every transition of the callee’s chart', () => {
    const report = coverageOf(remoteInvitationMachine, CALLEE_INPUT, CALLEE_EVENTS);
    expect(report.unknownEvents).toEqual([]);
    expect(report.uncovered).toEqual([]);
  });

  it('reaches every state of both charts on real actors with a simulated clock, as the graph predicts', () => {
    for (const [machine, input, events] of [
      [localInvitationMachine, CALLER_INPUT, CALLER_EVENTS],
      [remoteInvitationMachine, CALLEE_INPUT, CALLEE_EVENTS],
    ] as const) {
      const { reached, mismatches } = replayShortestPaths(machine, input, events, PROPERTY_TIMEOUTS);
      expect(mismatches).toEqual([]);
      expect(statesNotReached(machine, reached)).toEqual([]);
    }
  });
});
