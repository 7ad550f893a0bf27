/**
 * Replays paths of a chart on XState's actor and on the benchmarks' table
 * evaluator (bench/lib/table-evaluator.ts) side by side, and reports every
 * step where the two differ: state value, status, tags, context, output,
 * the events emitted during the step, the delayed events pending, and how many
 * timers each left on its clock.
 *
 * Both run on a manual clock, so no timer fires by itself: a delayed step of a
 * path (`xstate.after.…`) fires the timer the actor armed for it, through
 * the clock, as the timer would have; a path whose delayed step finds no
 * such timer on either side is a mismatch too.
 */
import { isDeepStrictEqual } from 'node:util';
import { createActor, type AnyMachineSnapshot, type AnyStateMachine, type EventObject } from 'xstate';
import { createTableActor, type CompiledChart, type TableActor } from '../../bench/lib/table-evaluator.js';

interface ManualTimer {
  readonly callback: () => void;
  readonly delayMs: number;
}

/** A clock whose timers fire only when told to. */
export class ManualClock {
  readonly live = new Set<ManualTimer>();
  last: ManualTimer | undefined;

  setTimeout(callback: () => void, delayMs: number): ManualTimer {
    const timer = { callback, delayMs };
    this.live.add(timer);
    this.last = timer;
    return timer;
  }

  clearTimeout(timer: unknown): void {
    this.live.delete(timer as ManualTimer);
  }

  fire(timer: unknown): boolean {
    if (!this.live.delete(timer as ManualTimer)) return false;
    (timer as ManualTimer).callback();
    return true;
  }
}

/** What is compared after every step. */
interface Observation {
  readonly status: string;
  readonly value: unknown;
  readonly tags: readonly string[];
  readonly context: unknown;
  readonly output: unknown;
  readonly emitted: readonly EventObject[];
  /** Pending delayed events: `id`, delay, event type, sorted. */
  readonly timers: readonly string[];
  readonly liveClockTimers: number;
}

interface Side {
  send(event: EventObject): void;
  /** Fires the timer armed under `id`; false if there is none. */
  fire(id: string): boolean;
  observe(): Observation;
}

const describeTimer = (id: string, delay: number, event: EventObject) => `${id} after ${delay} ms: ${event.type}`;

interface PendingTimer {
  readonly id: string;
  readonly delay: number;
  readonly event: EventObject;
}

/** What one side shows after a step, read the same way from XState's snapshot and from the evaluator's. */
function observation(
  snapshot: { status: string; value: unknown; tags: Iterable<string>; context: unknown; output?: unknown },
  emitted: readonly EventObject[],
  timers: readonly PendingTimer[],
  clock: ManualClock,
): Observation {
  return {
    status: snapshot.status,
    value: snapshot.value,
    tags: [...snapshot.tags].sort(),
    context: snapshot.context,
    output: snapshot.output,
    emitted,
    timers: timers.map((timer) => describeTimer(timer.id, timer.delay, timer.event)).sort(),
    liveClockTimers: clock.live.size,
  };
}

function xstateSide(machine: AnyStateMachine, input: unknown): Side {
  const clock = new ManualClock();
  const actor = createActor(machine, { input, clock });
  // The scheduler keeps its clock handles to itself: note which handle each id got.
  const handles = new Map<string, unknown>();
  const scheduler = actor.system.scheduler;
  const schedule = scheduler.schedule.bind(scheduler);
  scheduler.schedule = (source, target, event, delay, id) => {
    schedule(source, target, event, delay, id);
    handles.set(String(id), clock.last);
  };
  let emitted: EventObject[] = [];
  actor.on('*', (event: EventObject) => emitted.push(event));
  actor.start();
  return {
    // A done actor drops events (with a warning on the console in XState's development build): drop them here.
    send: (event) => {
      if (actor.getSnapshot().status === 'active') actor.send(event);
    },
    fire: (id) => {
      const pending = Object.values(actor.system.getSnapshot()._scheduledEvents).some((scheduled) => scheduled.id === id);
      return pending && clock.fire(handles.get(id));
    },
    observe: () => {
      const scheduled = Object.values(actor.system.getSnapshot()._scheduledEvents);
      const observed = observation(actor.getSnapshot() as AnyMachineSnapshot, emitted, scheduled, clock);
      emitted = [];
      return observed;
    },
  };
}

function tableSide(chart: CompiledChart, input: unknown): Side {
  const clock = new ManualClock();
  const actor: TableActor = createTableActor(chart, { input, clock });
  let emitted: EventObject[] = [];
  actor.on('*', (event) => emitted.push(event));
  actor.start();
  return {
    send: (event) => actor.send(event),
    fire: (id) => {
      const pending = actor.pendingTimers().find((timer) => timer.id === id);
      return pending !== undefined && clock.fire(pending.handle);
    },
    observe: () => {
      const observed = observation(actor.getSnapshot(), emitted, actor.pendingTimers(), clock);
      emitted = [];
      return observed;
    },
  };
}

/** A path as `xstate/graph` gives it: its first step is `xstate.init`. */
export interface GraphPath {
  readonly steps: ReadonlyArray<{ readonly event: EventObject; readonly state: unknown }>;
}

export interface ReplayReport {
  readonly paths: number;
  /** Paths replayed: `paths`, or `paths` times the events that follow each. */
  readonly replays: number;
  /** Steps replayed on each side, `xstate.init` included. */
  readonly steps: number;
  /** The first difference of each path that has one. */
  readonly mismatches: string[];
}

function difference(xstate: Observation, table: Observation): string | undefined {
  for (const field of Object.keys(xstate) as (keyof Observation)[]) {
    if (!isDeepStrictEqual(xstate[field], table[field])) {
      return `${field}: XState ${JSON.stringify(xstate[field])}, table ${JSON.stringify(table[field])}`;
    }
  }
  return undefined;
}

/**
 * Replays every path on both and compares them after every step. With `thenEach`, every path is replayed
 * once per event of it, each time followed by that event (a delayed one only where a timer for it is armed):
 * every transition out of every state the paths reach, self-loops included, which no simple or shortest path
 * takes.
 */
export function replayOnBoth(
  machine: AnyStateMachine,
  chart: CompiledChart,
  input: unknown,
  paths: readonly GraphPath[],
  thenEach?: readonly EventObject[],
): ReplayReport {
  const mismatches: string[] = [];
  let steps = 0;
  let replays = 0;
  for (const path of paths) {
    for (const last of thenEach ?? [undefined]) {
      replays++;
      const xstate = xstateSide(machine, input);
      const table = tableSide(chart, input);
      const taken: string[] = [];
      const events = last ? [...path.steps.map((step) => step.event), last] : path.steps.map((step) => step.event);
      for (const [index, event] of events.entries()) {
        const type = event.type;
        if (index > 0) {
          if (type.startsWith('xstate.after.')) {
            const firedXState = xstate.fire(type);
            const firedTable = table.fire(type);
            // The extra event is a timer that neither armed in this state: it cannot happen here.
            if (!firedXState && !firedTable && index === path.steps.length) break;
            if (!firedXState || !firedTable) {
              mismatches.push(`${[...taken, type].join(' → ')}: no timer to fire (XState ${firedXState}, table ${firedTable})`);
              break;
            }
          } else {
            xstate.send(event);
            table.send(event);
          }
        }
        steps++;
        taken.push(index === 0 ? 'start' : type);
        const expected = xstate.observe();
        const different = difference(expected, table.observe());
        // The graph's own state for the step: the replay must follow the path it describes.
        const graphState = path.steps[index]?.state as AnyMachineSnapshot | undefined;
        const offPath =
          graphState === undefined || isDeepStrictEqual(expected.value, graphState.value)
            ? undefined
            : `replay left the graph's path: XState ${JSON.stringify(expected.value)}, graph ${JSON.stringify(graphState.value)}`;
        if (different ?? offPath) {
          mismatches.push(`${taken.join(' → ')}: ${different ?? offPath}`);
          break;
        }
      }
    }
  }
  return { paths: paths.length, replays, steps, mismatches };
}
