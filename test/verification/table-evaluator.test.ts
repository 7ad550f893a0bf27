/**
 * The benchmarks' table evaluator (bench/lib/table-evaluator.ts, not shipped)
 * compiles the package's two charts into flat transition tables. Here it
 * must agree with XState at every step of every path `xstate/graph` generates
 * for both charts: state value, status, tags, context, output, emitted events
 * and pending timers (test/verification/table-equivalence.ts). A table with
 * one entry broken must disagree.
 */
import type { AnyMachineSnapshot, AnyStateMachine, EventObject } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { compileChart, type CompiledChart, type Leaf } from '../../bench/lib/table-evaluator.js';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import { delayedEventsOf, serializeSnapshot } from './chart-coverage.js';
import { CALLEE_EVENTS, CALLEE_INPUT, CALLER_EVENTS, CALLER_INPUT } from './chart-events.js';
import { replayOnBoth, type GraphPath } from './table-equivalence.js';

interface Chart {
  readonly name: string;
  readonly machine: AnyStateMachine;
  readonly input: unknown;
  readonly events: readonly EventObject[];
  /**
   * Simple paths never visit a state twice, so how states are told apart decides how many there are: the
   * state value and these context fields (with the whole context they run into the millions).
   */
  readonly simplePathFields: readonly string[];
  /** For the shortest paths after which every event is sent: the state value and these context fields. */
  readonly stateFields: readonly string[];
}

const CHARTS: readonly Chart[] = [
  { name: 'caller', machine: localInvitationMachine, input: CALLER_INPUT, events: CALLER_EVENTS, simplePathFields: ['acknowledged', 'pushRequested'], stateFields: ['acknowledged', 'pushRequested', 'peerUnreachable', 'locallyDisconnected', 'lastCall'] },
  { name: 'callee', machine: remoteInvitationMachine, input: CALLEE_INPUT, events: CALLEE_EVENTS, simplePathFields: ['peerUnreachable'], stateFields: ['peerUnreachable', 'lastCall'] },
];

function shortestPaths(chart: Chart): GraphPath[] {
  return getShortestPaths(chart.machine, {
    input: chart.input,
    events: [...chart.events, ...delayedEventsOf(chart.machine)],
    serializeState: serializeSnapshot as never,
  }) as unknown as GraphPath[];
}

const stateOf = (fields: readonly string[]) => (snapshot: AnyMachineSnapshot) =>
  JSON.stringify([snapshot.value, fields.map((field) => (snapshot.context as Record<string, unknown>)[field])]);

function simplePaths(chart: Chart): GraphPath[] {
  return getSimplePaths(chart.machine, {
    input: chart.input,
    events: [...chart.events, ...delayedEventsOf(chart.machine)],
    serializeState: stateOf(chart.simplePathFields) as never,
  }) as unknown as GraphPath[];
}

/** The shortest path to every state, told apart by value and `stateFields`. */
function pathsToCoarseStates(chart: Chart): GraphPath[] {
  return getShortestPaths(chart.machine, {
    input: chart.input,
    events: [...chart.events, ...delayedEventsOf(chart.machine)],
    serializeState: stateOf(chart.stateFields) as never,
  }) as unknown as GraphPath[];
}

/**
 * Every event the graph sends, every delayed event, and a restore that re-arms every timer of the chart
 * (and names one event that is not a timer, which the chart must ignore): no path takes a restore with timers,
 * as it changes nothing but the timers.
 */
function everyEvent(chart: Chart): EventObject[] {
  const delayed = delayedEventsOf(chart.machine);
  const timers = [...delayed.map((event, index) => ({ event: event.type, delayMs: 100 + index })), { event: 'KIT_CLOSED', delayMs: 1 }];
  const restore: EventObject = { type: 'RESTORED', timers } as EventObject;
  return [...chart.events, ...delayed, restore];
}

/** The three replays in turn, up to the first that finds a difference; its mismatches. */
function firstMismatches(chart: Chart, compiled: CompiledChart): string[] {
  const replays = [
    () => replayOnBoth(chart.machine, compiled, chart.input, shortestPaths(chart)),
    () => replayOnBoth(chart.machine, compiled, chart.input, simplePaths(chart)),
    () => replayOnBoth(chart.machine, compiled, chart.input, pathsToCoarseStates(chart), everyEvent(chart)),
  ];
  for (const replay of replays) {
    const { mismatches } = replay();
    if (mismatches.length > 0) return mismatches;
  }
  return [];
}

function leaf(chart: CompiledChart, id: string): Leaf {
  const found = chart.leaves.find((each) => each.id === id);
  if (!found) throw new Error(`no atomic state ${id}`);
  return found;
}

function candidates(chart: CompiledChart, id: string, eventType: string) {
  const found = leaf(chart, id).on.get(eventType);
  if (!found) throw new Error(`no ${eventType} in ${id}`);
  return found;
}

// Generous: under `npm test` this file shares two cores with the rest of the suite (about 6 s alone).
const REPLAY_TIMEOUT_MS = 120_000;

describe('the table evaluator agrees with XState on every path xstate/graph generates', { timeout: REPLAY_TIMEOUT_MS }, () => {
  for (const chart of CHARTS) {
    const compiled = compileChart(chart.machine);

    it(`${chart.name}: shortest paths (states told apart by value and context)`, () => {
      const report = replayOnBoth(chart.machine, compiled, chart.input, shortestPaths(chart));
      expect(report.mismatches).toEqual([]);
      expect(report.paths).toBeGreaterThan(100);
    });

    it(`${chart.name}: simple paths (states told apart by value, ${chart.simplePathFields.join(', ')})`, () => {
      const report = replayOnBoth(chart.machine, compiled, chart.input, simplePaths(chart));
      expect(report.mismatches).toEqual([]);
      expect(report.paths).toBeGreaterThan(50);
    });

    it(`${chart.name}: every event, delayed ones and a restore included, after the shortest path to each of those states`, () => {
      const report = replayOnBoth(chart.machine, compiled, chart.input, pathsToCoarseStates(chart), everyEvent(chart));
      expect(report.mismatches).toEqual([]);
      expect(report.replays).toBeGreaterThan(100);
    });
  }
});

describe('a table with one entry broken disagrees with XState', { timeout: REPLAY_TIMEOUT_MS }, () => {
  const caller = CHARTS[0] as Chart;
  const callee = CHARTS[1] as Chart;
  const mutants: ReadonlyArray<{ name: string; chart: Chart; breakIt: (compiled: CompiledChart) => void }> = [
    {
      name: 'caller: an accept while ringing ends in the wrong state',
      chart: caller,
      breakIt: (compiled) => {
        const [accept] = candidates(compiled, 'localInvitation.RECEIVED_BY_REMOTE', 'PEER_ACCEPTED');
        const refused = compiled.leaves.find((each) => each.id.startsWith('localInvitation.REFUSED_BY_REMOTE.'));
        if (!accept || !refused) throw new Error('chart changed: update the mutant');
        accept.target = refused;
      },
    },
    {
      name: 'caller: send() no longer emits the invite',
      chart: caller,
      breakIt: (compiled) => {
        const send = candidates(compiled, 'localInvitation.IDLE', 'SEND').at(-1);
        if (!send) throw new Error('chart changed: update the mutant');
        send.ops = send.ops.filter((op) => op.name !== 'sendInvite');
      },
    },
    {
      name: 'callee: the guard against an oversized response is skipped',
      chart: callee,
      breakIt: (compiled) => {
        const accept = candidates(compiled, 'remoteInvitation.INVITATION_RECEIVED', 'ACCEPT');
        accept.reverse();
      },
    },
    {
      name: 'callee: the resend timer is not re-armed',
      chart: callee,
      breakIt: (compiled) => {
        const [resend] = candidates(
          compiled,
          'remoteInvitation.ACCEPT_SENT_TO_LOCAL.awaitingConfirmation',
          'xstate.after.resendInterval.remoteInvitation.ACCEPT_SENT_TO_LOCAL.awaitingConfirmation',
        );
        if (!resend) throw new Error('chart changed: update the mutant');
        resend.ops = resend.ops.filter((op) => op.name !== 'xstate.raise');
      },
    },
  ];
  for (const { name, chart, breakIt } of mutants) {
    it(name, () => {
      const compiled = compileChart(chart.machine);
      breakIt(compiled);
      const mismatches = firstMismatches(chart, compiled);
      expect(mismatches.length).toBeGreaterThan(0);
    });
  }
});
