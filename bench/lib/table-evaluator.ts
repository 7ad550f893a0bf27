/**
 * A table-driven evaluator of the package's charts, for the benchmarks only
 * (issue 15): it is not part of the package, nothing shipped imports it.
 *
 * `compileChart(machine)` reads the machine the package uses, as it is at run
 * time (its state nodes, their transitions, entry and exit actions, and the
 * guards, actions and delays of `machine.implementations`), and flattens it
 * into one table per atomic state: for each event type, the candidate
 * transitions in XState's order of selection (the state's own, then its
 * ancestors'), each with its guard and the whole list of actions it runs
 * (exit actions, transition actions, entry actions, XState's own timer
 * `raise`/`cancel` among them) and the state it ends in. Exit and entry sets are
 * computed once, at compile time, by the same rules as XState 5 (SCXML).
 *
 * `createTableActor(chart, { input })` runs such a table: the chart's own
 * `assign`, `emit`, `raise`, `cancel` and `enqueueActions` implementations are
 * called as XState calls them (the same arguments, context copied on every
 * `assign`, emitted events and timers deferred until the step is over), and
 * events sent while a step runs wait their turn. It has the part of XState's
 * actor interface the benchmarks use: `start`, `send`, `stop`, `on`,
 * `getSnapshot`.
 *
 * Anything the compiler does not know (parallel or history states, invoked
 * or spawned actors, wildcard events, `sendTo`, nested final states) makes it
 * throw rather than guess. test/verification/table-evaluator.test.ts checks it
 * step by step against XState on every path `xstate/graph` generates.
 */
import { and, not, or, type AnyStateMachine, type AnyStateNode, type EventObject, type StateValue } from 'xstate';

type Context = Record<string, unknown>;
type AnyFunction = (...args: never[]) => unknown;
/** A compiled guard: the chart's guard, called as XState calls it. */
type CompiledGuard = (context: Context, event: EventObject) => boolean;

/** What an action does; one `Op` per action of the chart. */
const ASSIGN = 0;
const EMIT = 1;
const RAISE = 2;
const CANCEL = 3;
const ENQUEUE = 4;
const CUSTOM = 5;

/** One action of the chart, resolved at compile time to its implementation and parameters. */
export class Op {
  constructor(
    readonly kind: number,
    /** The action's name in the chart, or XState's type of a built-in one. */
    readonly name: string,
    /** assign: the assignment; emit and raise: the event or its expression; cancel: the id; enqueueActions: `collect`; custom: the function. */
    readonly body: unknown,
    /** Static parameters, or a function of `{ context, event }` (`paramsAreDynamic`). */
    readonly params: unknown,
    readonly paramsAreDynamic: boolean,
    /** raise: a number of ms, a function of the action's arguments, or undefined (raised at once). */
    readonly delay: unknown,
    /** raise: the id it is scheduled under. */
    readonly id: string | undefined,
  ) {}
}

/** One candidate transition of an atomic state for one event type. */
export interface Candidate {
  /** `<source state id> · <event type> · #<index among the source's candidates>`, as test/verification/chart-coverage.ts names them. */
  readonly key: string;
  guard: CompiledGuard | undefined;
  /** Exit actions, then the transition's, then entry actions, in XState's order. */
  ops: Op[];
  /** The atomic state it ends in; undefined: a targetless transition (no exit, no entry). */
  target: Leaf | undefined;
}

/** One row of the table: an atomic state (the configuration is it and its ancestors). */
export interface Leaf {
  readonly id: string;
  readonly value: StateValue;
  readonly tags: ReadonlySet<string>;
  /** A top-level final state: entering it ends the actor (status `done`). */
  readonly done: boolean;
  /** Exit actions of the whole configuration, run when the actor is done (XState does). */
  readonly doneExitOps: Op[];
  readonly doneEventType: string;
  /** A final state's own `output` (XState passes it on the done event the machine's output reads). */
  readonly finalOutput: unknown;
  /** Event type → candidates, the state's own first, then its ancestors', in document order. */
  readonly on: Map<string, Candidate[]>;
  /** Eventless (`always`) candidates, in the same order. */
  readonly always: Candidate[];
}

export interface CompiledChart {
  readonly machine: AnyStateMachine;
  readonly leaves: readonly Leaf[];
  /** The initial microstep: entry actions of the root down to the initial atomic state. */
  readonly initial: Candidate;
  /** Compiles an action named, or given, at run time (enqueueActions). */
  readonly compileAction: (action: unknown) => Op | undefined;
  readonly compileGuard: (guard: unknown) => CompiledGuard;
}

const builtinGuardChecks = (() => {
  const checkOf = (guard: unknown) => (guard as { check: unknown }).check;
  return { not: checkOf(not('probe')), and: checkOf(and(['probe'])), or: checkOf(or(['probe'])) };
})();

function unsupported(what: string): never {
  throw new Error(`table evaluator: ${what} is not supported`);
}

// XState 5's own definitions (raise-*.esm.js: getProperAncestors, isDescendant, findLeastCommonAncestor,
// getTransitionDomain, computeExitSet, computeEntrySet), for charts without parallel or history states.

interface TransitionLike {
  readonly source: AnyStateNode;
  readonly target: readonly AnyStateNode[] | undefined;
  readonly reenter: boolean;
  readonly actions: readonly unknown[];
  readonly guard?: unknown;
}

function properAncestors(node: AnyStateNode, upTo: AnyStateNode | undefined): AnyStateNode[] {
  const ancestors: AnyStateNode[] = [];
  if (upTo === node) return ancestors;
  for (let marker = node.parent; marker && marker !== upTo; marker = marker.parent) ancestors.push(marker);
  return ancestors;
}

function isDescendant(child: AnyStateNode, parent: AnyStateNode | undefined): boolean {
  let marker = child;
  while (marker.parent && marker.parent !== parent) marker = marker.parent;
  return marker.parent === parent;
}

function leastCommonAncestor(nodes: readonly AnyStateNode[]): AnyStateNode | undefined {
  const [head, ...tail] = nodes;
  if (!head) return undefined;
  return properAncestors(head, undefined).find((ancestor) => tail.every((node) => isDescendant(node, ancestor)));
}

function transitionDomain(transition: TransitionLike): AnyStateNode | undefined {
  const targets = transition.target ?? [];
  if (!transition.reenter && targets.every((target) => target === transition.source || isDescendant(target, transition.source))) {
    return transition.source;
  }
  const lca = leastCommonAncestor([...targets, transition.source]);
  if (lca) return lca;
  if (transition.reenter) return undefined;
  return transition.source.machine.root;
}

function exitSet(transition: TransitionLike, configuration: readonly AnyStateNode[]): AnyStateNode[] {
  const toExit = new Set<AnyStateNode>();
  if (transition.target?.length) {
    const domain = transitionDomain(transition);
    if (transition.reenter && domain && transition.source === domain) toExit.add(domain);
    for (const node of configuration) if (isDescendant(node, domain)) toExit.add(node);
  }
  return [...toExit].sort((a, b) => b.order - a.order);
}

function addDescendantsToEnter(node: AnyStateNode, forDefaultEntry: Set<AnyStateNode>, toEnter: Set<AnyStateNode>): void {
  if (node.type !== 'compound') return;
  const [initial] = node.initial.target as AnyStateNode[];
  if (!initial) unsupported(`compound state ${node.id} without an initial state`);
  toEnter.add(initial);
  forDefaultEntry.add(initial);
  addDescendantsToEnter(initial, forDefaultEntry, toEnter);
  for (const ancestor of properAncestors(initial, node)) toEnter.add(ancestor);
}

function entrySet(transition: TransitionLike, isInitial: boolean): { toEnter: AnyStateNode[]; forDefaultEntry: Set<AnyStateNode> } {
  const toEnter = new Set<AnyStateNode>();
  const forDefaultEntry = new Set<AnyStateNode>();
  const domain = transitionDomain(transition);
  for (const target of transition.target ?? []) {
    if (transition.source !== target || transition.source !== domain || transition.reenter) {
      toEnter.add(target);
      forDefaultEntry.add(target);
    }
    addDescendantsToEnter(target, forDefaultEntry, toEnter);
  }
  for (const target of transition.target ?? []) {
    const reentrancyDomain = !transition.source.parent && transition.reenter ? undefined : domain;
    for (const ancestor of properAncestors(target, domain)) {
      if (!reentrancyDomain || isDescendant(ancestor, reentrancyDomain)) toEnter.add(ancestor);
    }
  }
  if (isInitial) forDefaultEntry.add(transition.source.machine.root);
  return { toEnter: [...toEnter].sort((a, b) => a.order - b.order), forDefaultEntry };
}

function allNodes(root: AnyStateNode): AnyStateNode[] {
  const nodes: AnyStateNode[] = [root];
  for (const child of Object.values(root.states) as AnyStateNode[]) nodes.push(...allNodes(child));
  return nodes;
}

function chainOf(leaf: AnyStateNode): AnyStateNode[] {
  return [leaf, ...properAncestors(leaf, undefined)];
}

function valueOf(leaf: AnyStateNode): StateValue {
  const path = leaf.path as string[];
  return path.reduceRight<StateValue>((inner, key, index) => (index === path.length - 1 ? key : { [key]: inner }), '');
}

/** Compiles `machine` (as the package exports it) into flat transition tables. */
export function compileChart(machine: AnyStateMachine): CompiledChart {
  const implementations = machine.implementations as {
    actions: Record<string, unknown>;
    guards: Record<string, unknown>;
    delays: Record<string, unknown>;
  };
  const nodes = allNodes(machine.root);
  for (const node of nodes) {
    if (node.type === 'parallel' || node.type === 'history') unsupported(`${node.type} state ${node.id}`);
    if (node.invoke.length > 0) unsupported(`invoke in ${node.id}`);
    if (node.type === 'final' && node.parent !== machine.root) unsupported(`nested final state ${node.id}`);
    for (const descriptor of node.transitions.keys()) {
      if (descriptor.includes('*')) unsupported(`wildcard event ${descriptor} in ${node.id}`);
    }
  }

  const guardCache = new Map<unknown, CompiledGuard>();
  function compileGuard(guard: unknown): CompiledGuard {
    const cached = guardCache.get(guard);
    if (cached) return cached;
    const compiled = compileGuardUncached(guard);
    // By name only: enqueueActions' `check` may be given a new inline guard on every call.
    if (typeof guard === 'string') guardCache.set(guard, compiled);
    return compiled;
  }
  function compileBuiltinGuard(guard: { check: unknown; guards: unknown[] }): CompiledGuard {
    const inner = guard.guards.map(compileGuard);
    if (guard.check === builtinGuardChecks.not) {
      const [only] = inner;
      if (!only || inner.length !== 1) unsupported('not() of other than one guard');
      return (context, event) => !only(context, event);
    }
    if (guard.check === builtinGuardChecks.and) return (context, event) => inner.every((each) => each(context, event));
    if (guard.check === builtinGuardChecks.or) return (context, event) => inner.some((each) => each(context, event));
    return unsupported('a built-in guard other than and/or/not');
  }
  function compileGuardUncached(guard: unknown): CompiledGuard {
    if (typeof guard === 'function') {
      if ('check' in guard) return compileBuiltinGuard(guard as unknown as { check: unknown; guards: unknown[] });
      const inline = guard as (args: { context: Context; event: EventObject }, params: unknown) => boolean;
      return (context, event) => inline({ context, event }, undefined);
    }
    const name = typeof guard === 'string' ? guard : (guard as { type: string }).type;
    const implementation = implementations.guards[name];
    if (implementation === undefined) throw new Error(`table evaluator: guard '${name}' is not implemented`);
    if (typeof implementation !== 'function') return compileGuard(implementation);
    if ('check' in implementation) return compileBuiltinGuard(implementation as unknown as { check: unknown; guards: unknown[] });
    const check = implementation as (args: { context: Context; event: EventObject }, params: unknown) => boolean;
    const params = typeof guard === 'object' && guard !== null && 'params' in guard ? (guard as { params: unknown }).params : undefined;
    if (typeof params === 'function') {
      const paramsOf = params as (args: { context: Context; event: EventObject }) => unknown;
      return (context, event) => check({ context, event }, paramsOf({ context, event }));
    }
    return (context, event) => check({ context, event }, params);
  }

  function builtin(action: AnyFunction & { type: string }, name: string, params: unknown): Op {
    const paramsAreDynamic = typeof params === 'function';
    const fields = action as unknown as Record<string, unknown>;
    switch (action.type) {
      case 'xstate.assign':
        return new Op(ASSIGN, name, fields.assignment, params, paramsAreDynamic, undefined, undefined);
      case 'xstate.emit':
        return new Op(EMIT, name, fields.event, params, paramsAreDynamic, undefined, undefined);
      case 'xstate.raise': {
        const delay = typeof fields.delay === 'string' ? implementations.delays[fields.delay] : fields.delay;
        return new Op(RAISE, name, fields.event, params, paramsAreDynamic, delay, fields.id as string | undefined);
      }
      case 'xstate.cancel':
        return new Op(CANCEL, name, fields.sendId, params, paramsAreDynamic, undefined, undefined);
      case 'xstate.enqueueActions':
        return new Op(ENQUEUE, name, fields.collect, params, paramsAreDynamic, undefined, undefined);
      default:
        return unsupported(`action ${action.type}`);
    }
  }
  const namedCache = new Map<string, Op | undefined>();
  function compileAction(action: unknown): Op | undefined {
    if (typeof action === 'function') {
      const fn = action as AnyFunction & { type: string };
      return 'resolve' in fn ? builtin(fn, fn.type, undefined) : new Op(CUSTOM, fn.name || '(anonymous)', fn, undefined, false, undefined, undefined);
    }
    const name = typeof action === 'string' ? action : (action as { type: string }).type;
    const hasParams = typeof action === 'object' && action !== null && 'params' in action;
    if (!hasParams && namedCache.has(name)) return namedCache.get(name);
    const params = hasParams ? (action as { params: unknown }).params : undefined;
    const implementation = implementations.actions[name];
    let op: Op | undefined;
    // XState runs nothing for an action the machine does not implement.
    if (typeof implementation === 'function') {
      const fn = implementation as AnyFunction & { type: string };
      op = 'resolve' in fn ? builtin(fn, name, params) : new Op(CUSTOM, name, fn, params, typeof params === 'function', undefined, undefined);
    }
    if (!hasParams) namedCache.set(name, op);
    return op;
  }
  const compileActions = (actions: readonly unknown[]): Op[] =>
    actions.map(compileAction).filter((op): op is Op => op !== undefined);

  const leafNodes = nodes.filter((node) => node.type === 'atomic' || node.type === 'final');
  const leafByNode = new Map<AnyStateNode, Leaf>();
  const doneEventType = (node: AnyStateNode) => `xstate.done.state.${node.id}`;
  for (const node of leafNodes) {
    const chain = chainOf(node);
    leafByNode.set(node, {
      id: node.id,
      value: valueOf(node),
      tags: new Set(chain.flatMap((each) => each.tags as string[])),
      done: node.type === 'final',
      doneExitOps: compileActions([...chain].sort((a, b) => b.order - a.order).flatMap((each) => each.exit as unknown[])),
      doneEventType: doneEventType(node),
      finalOutput: node.output as unknown,
      on: new Map(),
      always: [],
    });
  }

  /** One candidate from the configuration of `leaf` (undefined for the initial microstep). */
  function compileCandidate(transition: TransitionLike, key: string, configuration: readonly AnyStateNode[], isInitial: boolean): Candidate {
    const guard = transition.guard === undefined ? undefined : compileGuard(transition.guard);
    if (!transition.target?.length) return { key, guard, ops: compileActions(transition.actions), target: undefined };
    const exits = isInitial ? [] : exitSet(transition, configuration);
    const { toEnter, forDefaultEntry } = entrySet(transition, isInitial);
    const actions = [
      ...exits.flatMap((node) => node.exit as unknown[]),
      ...transition.actions,
      ...toEnter.flatMap((node) => [
        ...(node.entry as unknown[]),
        ...(forDefaultEntry.has(node) && node.type === 'compound' ? (node.initial.actions as unknown[]) : []),
      ]),
    ];
    const after = new Set([...configuration.filter((node) => !exits.includes(node)), ...toEnter]);
    const atomic = [...after].filter((node) => node.type === 'atomic' || node.type === 'final');
    const [targetNode] = atomic;
    if (!targetNode || atomic.length !== 1) unsupported(`a transition (${key}) that does not end in one atomic state`);
    return { key, guard, ops: compileActions(actions), target: leafByNode.get(targetNode) };
  }

  for (const node of leafNodes) {
    const leaf = leafByNode.get(node) as Leaf;
    const chain = chainOf(node);
    const eventTypes = new Set(chain.flatMap((each) => [...each.transitions.keys()]));
    for (const eventType of eventTypes) {
      const candidates = chain.flatMap((source) =>
        (source.transitions.get(eventType) ?? []).map((transition, index) =>
          compileCandidate(transition as unknown as TransitionLike, `${source.id} · ${eventType} · #${index}`, chain, false),
        ),
      );
      if (candidates.length > 0) leaf.on.set(eventType, candidates);
    }
    for (const source of chain) {
      (source.always ?? []).forEach((transition, index) =>
        leaf.always.push(compileCandidate(transition as unknown as TransitionLike, `${source.id} · (always) · #${index}`, chain, false)),
      );
    }
  }

  const root = machine.root;
  const initialTargets: AnyStateNode[] = [root];
  for (let node = root; node.type === 'compound'; ) {
    const [next] = node.initial.target as AnyStateNode[];
    if (!next) break;
    initialTargets.push(next);
    node = next;
  }
  const initial = compileCandidate({ source: root, target: initialTargets, reenter: true, actions: [] }, '(initial)', [], true);

  return { machine, leaves: [...leafByNode.values()], initial, compileAction, compileGuard };
}

/** What XState's `Clock` is: the actor's timers go through it (tests pass a manual one). */
export interface TableClock {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: TableClock = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** A delayed event waiting on the clock. */
export interface PendingTimer {
  readonly id: string;
  readonly event: EventObject;
  readonly delay: number;
  readonly handle: unknown;
}

export interface TableSnapshot {
  readonly status: 'active' | 'done' | 'stopped';
  readonly value: StateValue;
  readonly context: Context;
  readonly output: unknown;
  readonly tags: ReadonlySet<string>;
  /** The atomic state, by id. */
  readonly stateId: string;
}

type Handler = (event: EventObject) => void;

const STOP = { type: 'xstate.stop' } as const;

/** Deferred effects of a step, in the order of their actions. */
const EFFECT_EMIT = 0;
const EFFECT_SCHEDULE = 1;
const EFFECT_CANCEL = 2;
const EFFECT_CUSTOM = 3;

/** An actor running a compiled chart. The type parameters only type `send` and `on`. */
export class TableActor<TEvent extends EventObject = EventObject, TEmitted extends EventObject = EventObject> {
  private context: Context;
  private leaf: Leaf;
  private status: 'active' | 'done' | 'stopped' = 'active';
  private output: unknown = undefined;
  private running = false;
  private processing = false;
  private readonly mailbox: EventObject[] = [];
  private readonly internalQueue: EventObject[] = [];
  /** Deferred effects, four entries each: kind, then up to three arguments. */
  private readonly effects: unknown[] = [];
  private readonly timers = new Map<string, PendingTimer>();
  private listeners: Map<string, Set<Handler>> | undefined;
  private readonly clock: TableClock;

  constructor(
    private readonly chart: CompiledChart,
    options: { readonly input?: unknown; readonly clock?: TableClock } = {},
  ) {
    this.clock = options.clock ?? systemClock;
    const initEvent = { type: 'xstate.init', input: options.input };
    const contextOf = chart.machine.config.context as unknown;
    const initialContext =
      typeof contextOf === 'function'
        ? (contextOf as (args: { input: unknown; self: unknown; spawn: unknown }) => Context)({ input: options.input, self: this, spawn: noSpawn })
        : (contextOf as Context | undefined);
    this.context = Object.assign({}, initialContext ?? {});
    this.leaf = chart.initial.target as Leaf;
    this.take(chart.initial, initEvent);
    this.settle(initEvent);
  }

  start(): this {
    if (this.running || this.status === 'stopped') return this;
    this.running = true;
    this.processing = true;
    this.commit();
    this.processing = false;
    this.drain();
    return this;
  }

  send(event: TEvent): void {
    this.receive(event);
  }

  stop(): this {
    if (this.status === 'stopped') return this;
    this.mailbox.length = 0;
    if (!this.running) {
      this.status = 'stopped';
      return this;
    }
    this.receive(STOP);
    return this;
  }

  on<TType extends TEmitted['type'] | '*'>(
    type: TType,
    handler: (event: TType extends '*' ? TEmitted : Extract<TEmitted, { type: TType }>) => void,
  ): { unsubscribe(): void } {
    this.listeners ??= new Map();
    let handlers = this.listeners.get(type);
    if (!handlers) {
      handlers = new Set();
      this.listeners.set(type, handlers);
    }
    const wrapped = handler.bind(undefined) as Handler;
    handlers.add(wrapped);
    return { unsubscribe: () => handlers.delete(wrapped) };
  }

  getSnapshot(): TableSnapshot {
    return { status: this.status, value: this.leaf.value, context: this.context, output: this.output, tags: this.leaf.tags, stateId: this.leaf.id };
  }

  /** The delayed events waiting on the clock, as XState's `system.getSnapshot()._scheduledEvents` lists them. */
  pendingTimers(): PendingTimer[] {
    return [...this.timers.values()];
  }

  private receive(event: EventObject): void {
    if (this.status === 'stopped' || (this.status === 'done' && this.running)) return;
    this.mailbox.push(event);
    if (this.running && !this.processing) this.drain();
  }

  private drain(): void {
    this.processing = true;
    try {
      for (let event = this.mailbox.shift(); event; event = this.mailbox.shift()) this.process(event);
    } finally {
      this.processing = false;
    }
  }

  private process(event: EventObject): void {
    if (this.status !== 'active') return;
    if (event === STOP) {
      this.status = 'stopped';
      this.stopProcedure();
      return;
    }
    const candidates = this.leaf.on.get(event.type);
    if (candidates !== undefined) {
      for (const candidate of candidates) {
        if (candidate.guard === undefined || candidate.guard(this.context, event)) {
          this.take(candidate, event);
          break;
        }
      }
    }
    this.settle(event);
    this.commit();
  }

  /** XState's macrostep after the event's own microstep: eventless transitions, then raised events. */
  private settle(event: EventObject): void {
    let current = event;
    let selectEventless = true;
    while (this.status === 'active') {
      let taken: Candidate | undefined;
      if (selectEventless) {
        for (const candidate of this.leaf.always) {
          if (candidate.guard === undefined || candidate.guard(this.context, current)) {
            taken = candidate;
            break;
          }
        }
      }
      if (taken) {
        const leafBefore = this.leaf;
        const contextBefore = this.context;
        this.take(taken, current);
        // XState selects eventless transitions again only if the step changed the snapshot.
        selectEventless = this.leaf !== leafBefore || this.context !== contextBefore;
        continue;
      }
      const raised = this.internalQueue.shift();
      if (!raised) break;
      current = raised;
      selectEventless = true;
      for (const candidate of this.leaf.on.get(raised.type) ?? []) {
        if (candidate.guard === undefined || candidate.guard(this.context, raised)) {
          this.take(candidate, raised);
          break;
        }
      }
    }
  }

  private take(candidate: Candidate, event: EventObject): void {
    this.run(candidate.ops, event);
    const target = candidate.target;
    if (target === undefined) return;
    this.leaf = target;
    if (target.done) {
      this.status = 'done';
      const doneEvent = { type: target.doneEventType, output: this.resolveOutput(target.finalOutput, event) };
      this.output = this.resolveOutput(this.chart.machine.root.output as unknown, doneEvent);
      this.run(target.doneExitOps, event);
    }
  }

  private resolveOutput(mapper: unknown, event: EventObject): unknown {
    if (typeof mapper !== 'function') return mapper;
    return (mapper as (args: { context: Context; event: EventObject; self: unknown }) => unknown)({ context: this.context, event, self: this });
  }

  private run(ops: readonly Op[], event: EventObject): void {
    for (const op of ops) {
      const params = op.paramsAreDynamic ? (op.params as (args: { context: Context; event: EventObject }) => unknown)({ context: this.context, event }) : op.params;
      const args = { context: this.context, event, self: this, system: undefined };
      switch (op.kind) {
        case ASSIGN: {
          const assignment = op.body;
          let partial: Context;
          if (typeof assignment === 'function') {
            partial = (assignment as (args: unknown, params: unknown) => Context)({ ...args, spawn: noSpawn }, params);
          } else {
            partial = {};
            for (const [key, value] of Object.entries(assignment as Context)) {
              partial[key] = typeof value === 'function' ? (value as (args: unknown, params: unknown) => unknown)({ ...args, spawn: noSpawn }, params) : value;
            }
          }
          this.context = Object.assign({}, this.context, partial);
          break;
        }
        case EMIT: {
          const emitted = typeof op.body === 'function' ? (op.body as (args: unknown, params: unknown) => EventObject)(args, params) : op.body;
          this.effects.push(EFFECT_EMIT, emitted, undefined, undefined);
          break;
        }
        case RAISE: {
          const raised = typeof op.body === 'function' ? (op.body as (args: unknown, params: unknown) => EventObject)(args, params) : (op.body as EventObject);
          const delay = typeof op.delay === 'function' ? (op.delay as (args: unknown, params: unknown) => unknown)(args, params) : op.delay;
          if (typeof delay !== 'number') this.internalQueue.push(raised);
          else this.effects.push(EFFECT_SCHEDULE, raised, delay, op.id ?? Math.random().toString(36).slice(2));
          break;
        }
        case CANCEL: {
          const id = typeof op.body === 'function' ? (op.body as (args: unknown, params: unknown) => string)(args, params) : op.body;
          this.effects.push(EFFECT_CANCEL, id, undefined, undefined);
          break;
        }
        case ENQUEUE:
          this.run(this.collect(op, args, params), event);
          break;
        case CUSTOM:
          // XState runs a custom action at once in a started actor, and after start() in the initial step.
          if (this.running) (op.body as (args: unknown, params: unknown) => void)(args, params);
          else this.effects.push(EFFECT_CUSTOM, op.body, args, params);
          break;
      }
    }
  }

  /** enqueueActions: the chart's `collect` queues actions, which then run in order. */
  private collect(op: Op, args: { context: Context; event: EventObject }, params: unknown): Op[] {
    const chart = this.chart;
    const queued: Op[] = [];
    const push = (action: Op | undefined) => {
      if (action) queued.push(action);
    };
    const delays = (chart.machine.implementations as { delays: Record<string, unknown> }).delays;
    const enqueue = Object.assign((action: unknown) => push(chart.compileAction(action)), {
      assign: (assignment: unknown) => push(new Op(ASSIGN, 'xstate.assign', assignment, undefined, false, undefined, undefined)),
      emit: (event: unknown) => push(new Op(EMIT, 'xstate.emit', event, undefined, false, undefined, undefined)),
      raise: (event: unknown, options?: { id?: string; delay?: unknown }) =>
        push(
          new Op(
            RAISE,
            'xstate.raise',
            event,
            undefined,
            false,
            typeof options?.delay === 'string' ? delays[options.delay] : options?.delay,
            options?.id,
          ),
        ),
      cancel: (id: unknown) => push(new Op(CANCEL, 'xstate.cancel', id, undefined, false, undefined, undefined)),
      sendTo: () => unsupported('enqueue.sendTo'),
      sendParent: () => unsupported('enqueue.sendParent'),
      spawnChild: () => unsupported('enqueue.spawnChild'),
      stopChild: () => unsupported('enqueue.stopChild'),
    });
    (op.body as (args: unknown, params: unknown) => void)(
      {
        context: args.context,
        event: args.event,
        enqueue,
        check: (guard: unknown) => chart.compileGuard(guard)(args.context, args.event),
        self: this,
        system: undefined,
      },
      params,
    );
    return queued;
  }

  /** The end of a step: run the deferred effects in order, then stop if the chart is done. */
  private commit(): void {
    const effects = this.effects;
    for (let index = 0; index < effects.length; index += 4) {
      switch (effects[index]) {
        case EFFECT_EMIT:
          this.emit(effects[index + 1] as EventObject);
          break;
        case EFFECT_SCHEDULE:
          this.schedule(effects[index + 1] as EventObject, effects[index + 2] as number, effects[index + 3] as string);
          break;
        case EFFECT_CANCEL:
          this.cancel(effects[index + 1] as string);
          break;
        case EFFECT_CUSTOM:
          (effects[index + 1] as (args: unknown, params: unknown) => void)(effects[index + 2], effects[index + 3]);
          break;
      }
    }
    effects.length = 0;
    if (this.status === 'done') this.stopProcedure();
  }

  private emit(event: EventObject): void {
    const listeners = this.listeners;
    if (listeners === undefined) return;
    const own = listeners.get(event.type);
    const wildcard = listeners.get('*');
    if (!own && !wildcard) return;
    for (const handler of [...(own ?? []), ...(wildcard ?? [])]) {
      try {
        handler(event);
      } catch (error) {
        // As XState reports an error thrown by a listener: on its own macrotask.
        setTimeout(() => {
          throw error;
        });
      }
    }
  }

  // As XState's scheduler: a new timer under an id already scheduled replaces the entry without clearing the
  // old timer, and a timer that fires removes whatever entry its id has.
  private schedule(event: EventObject, delay: number, id: string): void {
    const handle = this.clock.setTimeout(() => {
      this.timers.delete(id);
      this.receive(event);
    }, delay);
    this.timers.set(id, { id, event, delay, handle });
  }

  private cancel(id: string): void {
    const timer = this.timers.get(id);
    if (timer === undefined) return;
    this.timers.delete(id);
    this.clock.clearTimeout(timer.handle);
  }

  private stopProcedure(): void {
    for (const id of [...this.timers.keys()]) this.cancel(id);
    this.mailbox.length = 0;
    this.listeners = undefined;
  }
}

function noSpawn(): never {
  return unsupported('spawn');
}

/** `createActor` for a compiled chart. */
export function createTableActor<TEvent extends EventObject = EventObject, TEmitted extends EventObject = EventObject>(
  chart: CompiledChart,
  options: { readonly input?: unknown; readonly clock?: TableClock } = {},
): TableActor<TEvent, TEmitted> {
  return new TableActor<TEvent, TEmitted>(chart, options);
}
