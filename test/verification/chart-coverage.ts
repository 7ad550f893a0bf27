/**
 * Path coverage computed from the charts themselves with `xstate/graph`.
 *
 * Every transition a chart defines (per source state, event and guarded
 * candidate, delayed `after` transitions included) is enumerated from the
 * chart; the chart is then traversed with every event it knows, and each
 * traversal step is mapped to the transition the chart actually took. A
 * transition nobody can take is reported, so adding one to a chart without
 * an event the verification knows about fails the coverage test.
 */
import {
  SimulatedClock,
  createActor,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type AnyTransitionDefinition,
  type EventObject,
} from 'xstate';
import { getAdjacencyMap, getShortestPaths, getStateNodes } from 'xstate/graph';
import type { InvitationTimeouts } from '../../index.js';

/** Every transition of `machine`, keyed `source · event · #candidate`. */
export function transitionsOf(machine: AnyStateMachine): Map<AnyTransitionDefinition, string> {
  const keys = new Map<AnyTransitionDefinition, string>();
  for (const node of [machine.root, ...getStateNodes(machine.root)]) {
    for (const [eventType, candidates] of node.transitions) {
      candidates.forEach((transition, index) => keys.set(transition, `${node.id} · ${eventType} · #${index}`));
    }
  }
  return keys;
}

/** The event types of `machine` that are delayed transitions (`xstate.after.<delay>.<state id>`). */
export function delayedEventsOf(machine: AnyStateMachine): EventObject[] {
  const types = new Set<string>();
  for (const key of transitionsOf(machine).values()) {
    const eventType = key.split(' · ')[1] ?? '';
    if (eventType.startsWith('xstate.after.')) types.add(eventType);
  }
  return [...types].map((type) => ({ type }));
}

/** Enough of a snapshot to tell apart everything the guards and answers depend on, without the payloads. */
export function serializeSnapshot(snapshot: AnyMachineSnapshot): string {
  const context = snapshot.context as Record<string, unknown>;
  const summary = Object.fromEntries(
    Object.entries(context).map(([key, value]) => [
      key,
      typeof value === 'string' ? (value.length > 64 ? 'long' : 'short') : key === 'timeouts' ? '' : value,
    ]),
  );
  return JSON.stringify([snapshot.value, summary]);
}

export interface CoverageReport {
  /** Transitions the chart defines that no traversal step took. */
  readonly uncovered: string[];
  /** Event types the chart handles that the verification does not know how to send. */
  readonly unknownEvents: string[];
  /** How many distinct (state, event) steps the traversal made. */
  readonly steps: number;
}

export function coverageOf(
  machine: AnyStateMachine,
  input: unknown,
  events: readonly EventObject[],
): CoverageReport {
  const transitions = transitionsOf(machine);
  const allEvents = [...events, ...delayedEventsOf(machine)];
  const knownTypes = new Set(allEvents.map((event) => event.type));
  const unknownEvents = [...new Set([...transitions.values()].map((key) => key.split(' · ')[1] ?? ''))].filter(
    (type) => !knownTypes.has(type),
  );
  const adjacency = getAdjacencyMap(machine, { input, events: allEvents, serializeState: serializeSnapshot });
  const covered = new Set<string>();
  let steps = 0;
  for (const { state, transitions: next } of Object.values(adjacency)) {
    for (const { event } of Object.values<{ event: EventObject }>(next)) {
      steps++;
      for (const taken of machine.getTransitionData(state as AnyMachineSnapshot, event)) {
        const key = transitions.get(taken);
        if (key) covered.add(key);
      }
    }
  }
  const uncovered = [...transitions.values()].filter((key) => !covered.has(key));
  return { uncovered, unknownEvents, steps };
}

/** How long to let a simulated clock run to fire a delayed event. */
function delayOf(eventType: string, timeouts: InvitationTimeouts): number | undefined {
  const delay = eventType.split('.')[2];
  const byName: Record<string, number> = {
    acknowledgeTimeout: timeouts.acknowledgeMs,
    answerTimeout: timeouts.answerMs,
    confirmTimeout: timeouts.confirmMs,
    resendInterval: timeouts.resendMs,
    lingerPeriod: timeouts.lingerMs,
  };
  return delay === undefined ? undefined : byName[delay];
}

/**
 * Replays the shortest path to every state the traversal found on a real
 * actor, with time on a `SimulatedClock`, and returns the paths whose real end
 * state differs from the graph's: the graph's delayed steps must be what the
 * timers really do.
 */
export function replayShortestPaths(
  machine: AnyStateMachine,
  input: unknown,
  events: readonly EventObject[],
  timeouts: InvitationTimeouts,
): { reached: AnyMachineSnapshot[]; mismatches: string[] } {
  const paths = getShortestPaths(machine, {
    input,
    events: [...events, ...delayedEventsOf(machine)],
    serializeState: serializeSnapshot,
  });
  const mismatches: string[] = [];
  const reached: AnyMachineSnapshot[] = [];
  for (const path of paths) {
    const clock = new SimulatedClock();
    const actor = createActor(machine, { input, clock });
    actor.start();
    for (const step of path.steps) {
      const delay = delayOf(step.event.type, timeouts);
      if (step.event.type.startsWith('xstate.after.') && delay !== undefined) clock.increment(delay);
      else if (!step.event.type.startsWith('xstate.')) actor.send(step.event);
    }
    const expected = JSON.stringify((path.state as AnyMachineSnapshot).value);
    const actual = JSON.stringify(actor.getSnapshot().value);
    if (expected !== actual) {
      mismatches.push(`${path.steps.map((step) => step.event.type).join(' → ')}: graph ${expected}, actor ${actual}`);
    }
    reached.push(actor.getSnapshot() as AnyMachineSnapshot);
    actor.stop();
  }
  return { reached, mismatches };
}

/** The state nodes of `machine` that none of `snapshots` is in. */
export function statesNotReached(machine: AnyStateMachine, snapshots: readonly AnyMachineSnapshot[]): string[] {
  return getStateNodes(machine.root)
    .filter((node) => {
      const value = node.path.reduceRight<string | Record<string, unknown>>(
        (inner, key) => (inner === '' ? key : { [key]: inner }),
        '',
      );
      return !snapshots.some((snapshot) => snapshot.matches(value as never));
    })
    .map((node) => node.id);
}
