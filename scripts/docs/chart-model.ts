import type { AnyStateMachine, AnyStateNode, MachineContext } from 'xstate';

/**
 * A statechart read back from an XState machine as plain data: the one source
 * every generated diagram and table is drawn from. Order follows the chart's
 * own definition order, so the output is stable from run to run.
 */
export interface ChartModel {
  /** The machine's id, e.g. `localInvitation`. */
  readonly machineId: string;
  /** The root state node (the machine itself). */
  readonly root: ChartState;
  /** Every state below the root, parents before children, in definition order. */
  readonly states: readonly ChartState[];
  /** Every transition of every state (the root's included), in definition order. */
  readonly transitions: readonly ChartTransition[];
  /** The named delays the chart uses, with their value under the context it was read with. */
  readonly delays: readonly ChartDelay[];
}

/** One state node. */
export interface ChartState {
  /** XState's state node id: the machine id and the path, joined by dots. */
  readonly id: string;
  /** The state's own key, e.g. `awaitingReceipt`. */
  readonly key: string;
  /** Keys from the root down to this state. Empty for the root. */
  readonly path: readonly string[];
  readonly kind: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  readonly tags: readonly string[];
  /** Entry actions, written as in the chart (`sendInvite`, `answer(OK)`). */
  readonly entry: readonly string[];
  /** Exit actions, written as in the chart. */
  readonly exit: readonly string[];
  /** The id of the initial child of a compound state. */
  readonly initialId: string | undefined;
  /** Ids of the child states, in definition order. */
  readonly childIds: readonly string[];
}

/** What makes a transition fire. */
export type ChartTrigger =
  | { readonly kind: 'event'; readonly event: string }
  | { readonly kind: 'after'; readonly delay: string; readonly milliseconds: number }
  | { readonly kind: 'always' };

/** One transition (one candidate of an event's list: each guard gets its own). */
export interface ChartTransition {
  readonly sourceId: string;
  readonly trigger: ChartTrigger;
  /** The guard, written as in the chart (`isPeerUnreachable`, `!isPeerUnreachable`). */
  readonly guard: string | undefined;
  /** True for an unguarded candidate after guarded ones for the same trigger: it is taken only when they are not. */
  readonly otherwise: boolean;
  /** Target state ids; empty for a transition that only runs actions. */
  readonly targetIds: readonly string[];
  /** Actions, written as in the chart. */
  readonly actions: readonly string[];
  /** True when the transition exits and re-enters its source (restarting its timers). */
  readonly reenter: boolean;
}

/** A named delay and the value it has for the context the chart was read with. */
export interface ChartDelay {
  readonly name: string;
  readonly milliseconds: number;
  /** The context paths the delay read, e.g. `timeouts.acknowledgeMs`: which option sets it. */
  readonly reads: readonly string[];
}

/** Wraps `value` so that every property read through it is recorded as a dotted path. */
function recordReads(value: MachineContext, reads: string[], prefix = ''): MachineContext {
  return new Proxy(value, {
    get(target, property, receiver) {
      const read: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string') return read;
      const path = `${prefix}${property}`;
      if (typeof read === 'object' && read !== null) return recordReads(read as MachineContext, reads, `${path}.`);
      reads.push(path);
      return read;
    },
  });
}

type DelayFunction = (args: { context: MachineContext; event: { type: string } }) => number;

function describeParams(params: unknown): string {
  if (params === undefined) return '';
  if (typeof params !== 'object' || params === null) return String(params);
  const entries = Object.entries(params);
  if (entries.length === 1) return String(entries[0]?.[1]);
  return entries.map(([key, value]) => `${key}=${String(value)}`).join(', ');
}

/**
 * Names an action or guard the way the chart writes it. Inline functions
 * have no name a reader could look up, so they are refused: the charts
 * name every action and guard (see STYLE.md).
 */
function describeReference(reference: unknown, what: 'action' | 'guard', where: string): string {
  if (typeof reference === 'string') return reference;
  if (typeof reference === 'function') {
    const composed = (reference as { guards?: unknown[] }).guards;
    if (what === 'guard' && Array.isArray(composed)) {
      const parts = composed.map((part) => describeReference(part, 'guard', where));
      if (reference.name === 'not') return `!${parts.join('')}`;
      if (reference.name === 'and') return parts.join(' && ');
      if (reference.name === 'or') return parts.join(' || ');
    }
    throw new Error(`An inline ${what} (${reference.name || 'anonymous'}) in ${where} has no name to document`);
  }
  if (typeof reference === 'object' && reference !== null && 'type' in reference) {
    const { type, params } = reference as { type: unknown; params?: unknown };
    if (typeof type !== 'string') throw new Error(`An ${what} in ${where} has a non-string type`);
    return params === undefined ? type : `${type}(${describeParams(params)})`;
  }
  throw new Error(`Cannot describe the ${what} ${String(reference)} in ${where}`);
}

function toList<T>(value: T | readonly T[] | undefined): readonly T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly T[]) : [value as T];
}

function describeState(node: AnyStateNode): ChartState {
  // The config, not `node.entry`: XState adds its own timer actions to the latter.
  const config = node.config as { entry?: unknown; exit?: unknown };
  const initialTarget = node.type === 'compound' ? node.initial.target[0] : undefined;
  return {
    id: node.id,
    key: node.key,
    path: node.path,
    kind: node.type,
    tags: [...node.tags],
    entry: toList(config.entry).map((action) => describeReference(action, 'action', `${node.id} entry`)),
    exit: toList(config.exit).map((action) => describeReference(action, 'action', `${node.id} exit`)),
    initialId: initialTarget?.id,
    childIds: Object.values(node.states).map((child) => child.id),
  };
}

/**
 * Reads `machine` into a {@link ChartModel}. `delayContext` is the context the
 * named delays are evaluated with (the default timeouts, for the docs).
 */
export function describeChart(machine: AnyStateMachine, delayContext: MachineContext): ChartModel {
  const delayFunctions = (machine.implementations.delays ?? {}) as Record<string, DelayFunction | number>;
  const delayValue = (delay: string | number, reads: string[] = []): number => {
    if (typeof delay === 'number') return delay;
    const implementation = delayFunctions[delay];
    if (typeof implementation === 'number') return implementation;
    if (typeof implementation === 'function') {
      return implementation({ context: recordReads(delayContext, reads), event: { type: 'xstate.init' } });
    }
    throw new Error(`The delay ${delay} of ${machine.id} has no implementation`);
  };

  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];

  const visit = (node: AnyStateNode): ChartState => {
    const state = describeState(node);
    if (node.parent) states.push(state);
    for (const [eventType, candidates] of node.transitions) {
      candidates.forEach((candidate, index) => {
        const delay = (candidate as { delay?: string | number }).delay;
        const trigger: ChartTrigger =
          delay !== undefined
            ? { kind: 'after', delay: String(delay), milliseconds: delayValue(delay) }
            : { kind: 'event', event: eventType };
        transitions.push(describeTransition(node, trigger, candidate, index > 0));
      });
    }
    (node.always ?? []).forEach((candidate, index) => {
      transitions.push(describeTransition(node, { kind: 'always' }, candidate, index > 0));
    });
    for (const child of Object.values(node.states)) visit(child);
    return state;
  };

  // Pre-order: parents before children, in the order a reader meets them in the source.
  const root = visit(machine.root);

  const delayNames = Object.keys(delayFunctions);
  return {
    machineId: machine.id,
    root,
    states,
    transitions,
    delays: delayNames.map((name) => {
      const reads: string[] = [];
      const milliseconds = delayValue(name, reads);
      return { name, milliseconds, reads: [...new Set(reads)] };
    }),
  };
}

function describeTransition(
  node: AnyStateNode,
  trigger: ChartTrigger,
  candidate: { guard?: unknown; target?: readonly AnyStateNode[] | undefined; actions: readonly unknown[]; reenter: boolean },
  followsOtherCandidates: boolean,
): ChartTransition {
  const where = `${node.id} on ${trigger.kind === 'event' ? trigger.event : trigger.kind}`;
  return {
    sourceId: node.id,
    trigger,
    guard: candidate.guard === undefined ? undefined : describeReference(candidate.guard, 'guard', where),
    otherwise: candidate.guard === undefined && followsOtherCandidates,
    targetIds: (candidate.target ?? []).map((target) => target.id),
    actions: candidate.actions.map((action) => describeReference(action, 'action', where)),
    reenter: candidate.reenter,
  };
}
