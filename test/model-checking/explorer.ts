/**
 * A breadth-first explorer of a finite transition system: it visits every
 * reachable configuration once (by canonical key), checks the invariants on
 * every configuration and every step, and finds the runs that never end.
 *
 * It knows nothing of charts or networks; `composition.ts` builds the system.
 * Breadth-first order makes the first counterexample found for an invariant a
 * shortest one.
 */

/** What the explorer needs of a system. */
export interface TransitionSystem<Configuration, Step> {
  readonly initial: Configuration;
  key(configuration: Configuration): string;
  successors(configuration: Configuration): ReadonlyArray<{ readonly step: Step; readonly next: Configuration }>;
  /** True where a run may rightly stop: nothing in flight, nothing pending, nothing left to wait for. */
  isQuiescent(configuration: Configuration): boolean;
}

/** An invariant: a name, and checks that return a description of the violation, or undefined. */
export interface Invariant<Configuration, Step> {
  readonly name: string;
  /** Checked on every reachable configuration; `quiescent` says whether the run may stop there. */
  readonly state?: (configuration: Configuration, quiescent: boolean) => string | undefined;
  /** Checked on every step taken. */
  readonly step?: (from: Configuration, step: Step, to: Configuration) => string | undefined;
}

/** A violated invariant with the shortest run that shows it. */
export interface Violation<Step> {
  readonly invariant: string;
  readonly message: string;
  /** The steps from the initial configuration; for a livelock, the steps up to and around the cycle. */
  readonly steps: readonly Step[];
  /** For a livelock: how many of the last steps form the cycle. */
  readonly cycleLength?: number;
}

export interface Exploration<Step> {
  readonly configurations: number;
  readonly transitions: number;
  readonly quiescent: number;
  /** The longest shortest run: how many steps the deepest configuration needs. */
  readonly depth: number;
  /** The first violation found per invariant (a shortest one), in the order found. */
  readonly violations: readonly Violation<Step>[];
  /** Wall-clock time. */
  readonly milliseconds: number;
  /** CPU time of the process (user + system), which a loaded machine does not inflate the way it does wall time. */
  readonly cpuMilliseconds: number;
}

export interface ExploreOptions {
  /** Stop at the first violation (mutant hunting). Default false: explore everything, report the first per invariant. */
  readonly stopAtFirstViolation?: boolean;
  /** Refuse to go beyond this many configurations. Default 5 000 000. */
  readonly maxConfigurations?: number;
}

/** The invariant names under which runs that never come to rest are reported: stuck ones, and endless ones. */
export const DEADLOCK = 'every run reaches quiescence: none gets stuck';
export const LIVELOCK = 'every run reaches quiescence: none cycles forever';

export function explore<Configuration, Step>(
  system: TransitionSystem<Configuration, Step>,
  invariants: readonly Invariant<Configuration, Step>[],
  options: ExploreOptions = {},
): Exploration<Step> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const maxConfigurations = options.maxConfigurations ?? 5_000_000;
  const indexOf = new Map<string, number>();
  const parent: number[] = [];
  const stepFromParent: (Step | undefined)[] = [];
  const depthOf: number[] = [];
  const successorsOf: Int32Array[] = [];
  const stepsOf: Step[][] = [];
  const queue: Configuration[] = [];
  const violations: Violation<Step>[] = [];
  const violated = new Set<string>();
  let transitions = 0;
  let quiescentCount = 0;
  let depth = 0;

  const pathTo = (index: number): Step[] => {
    const steps: Step[] = [];
    for (let at = index; parent[at] !== -1; at = parent[at]!) steps.push(stepFromParent[at]!);
    return steps.reverse();
  };
  const report = (invariant: string, message: string, steps: Step[], cycleLength?: number) => {
    if (violated.has(invariant)) return;
    violated.add(invariant);
    violations.push({ invariant, message, steps, ...(cycleLength === undefined ? {} : { cycleLength }) });
  };
  const done = () => options.stopAtFirstViolation === true && violations.length > 0;

  const visit = (configuration: Configuration, from: number, step: Step | undefined): number => {
    const key = system.key(configuration);
    const known = indexOf.get(key);
    if (known !== undefined) return known;
    const index = parent.length;
    if (index >= maxConfigurations) throw new Error(`more than ${maxConfigurations} configurations: lower the bound`);
    indexOf.set(key, index);
    parent.push(from);
    stepFromParent.push(step);
    depthOf.push(from === -1 ? 0 : depthOf[from]! + 1);
    depth = Math.max(depth, depthOf[index]!);
    queue.push(configuration);
    const quiescent = system.isQuiescent(configuration);
    if (quiescent) quiescentCount++;
    for (const invariant of invariants) {
      const message = invariant.state?.(configuration, quiescent);
      if (message !== undefined) report(invariant.name, message, pathTo(index));
    }
    return index;
  };

  visit(system.initial, -1, undefined);
  for (let index = 0; index < queue.length && !done(); index++) {
    const configuration = queue[index]!;
    const next = system.successors(configuration);
    const targets = new Int32Array(next.length);
    const steps: Step[] = [];
    next.forEach(({ step, next: to }, position) => {
      transitions++;
      for (const invariant of invariants) {
        const message = invariant.step?.(configuration, step, to);
        if (message !== undefined) report(invariant.name, message, [...pathTo(index), step]);
      }
      targets[position] = visit(to, index, step);
      steps.push(step);
    });
    if (next.length === 0 && !system.isQuiescent(configuration)) {
      report(DEADLOCK, 'stuck: nothing can happen, yet the run has not come to rest', pathTo(index));
    }
    successorsOf[index] = targets;
    stepsOf[index] = steps;
    // The configuration is no longer needed once expanded; keep memory to keys and edges.
    (queue as (Configuration | undefined)[])[index] = undefined;
  }

  if (!done()) {
    const cycle = findCycle(successorsOf);
    if (cycle) {
      const [first] = cycle;
      const around = cycle.map((at, position) => {
        const to = cycle[(position + 1) % cycle.length]!;
        return stepsOf[at]![successorsOf[at]!.indexOf(to)]!;
      });
      report(LIVELOCK, `a cycle of ${cycle.length} steps that never comes to rest`, [...pathTo(first!), ...around], cycle.length);
    }
  }

  return {
    configurations: parent.length,
    transitions,
    quiescent: quiescentCount,
    depth,
    violations,
    milliseconds: performance.now() - started,
    cpuMilliseconds: cpuMillisecondsSince(cpuStarted),
  };
}

function cpuMillisecondsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** One cycle of the graph (a list of configuration indices), if there is any; iterative, so deep graphs do not overflow the stack. */
function findCycle(successorsOf: readonly Int32Array[]): number[] | undefined {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const colour = new Uint8Array(successorsOf.length);
  const nextEdge = new Int32Array(successorsOf.length);
  for (let root = 0; root < successorsOf.length; root++) {
    if (colour[root] !== WHITE) continue;
    const stack: number[] = [root];
    colour[root] = GREY;
    while (stack.length > 0) {
      const at = stack[stack.length - 1]!;
      const edges = successorsOf[at] ?? new Int32Array(0);
      if (nextEdge[at]! < edges.length) {
        const to = edges[nextEdge[at]!++]!;
        if (colour[to] === GREY) return stack.slice(stack.indexOf(to));
        if (colour[to] === WHITE) {
          colour[to] = GREY;
          stack.push(to);
        }
      } else {
        colour[at] = BLACK;
        stack.pop();
      }
    }
  }
  return undefined;
}
