/**
 * The composed system: one chart per endpoint (a caller, one or more callee
 * devices), each with the kit's routing in front of it, a network that holds
 * messages in flight, the charts' timers, and the app's API calls.
 *
 * Everything protocol-specific comes from a {@link ProtocolDescription}: which
 * charts, how the kit routes a wire message to a chart event, who a chart's
 * messages go to, which API calls the app makes. The charts themselves run
 * through XState's pure `initialTransition()` / `transition()`; the delayed
 * events those return (`xstate.raise` with a delay, `xstate.cancel`) are kept
 * here as pending timers.
 *
 * Time is discrete and relative. A message sent now may arrive at any moment
 * up to `maxLatency` units later; a timer fires exactly when it is due; the
 * clock moves one unit at a time and only when nothing is due. Every deadline
 * is stored as the time remaining, so two configurations that differ only by
 * when they happen are the same configuration.
 */
import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type EventObject,
} from 'xstate';
import type { WireMessage } from '../../protocol/messages.js';
import type { TransitionSystem } from './explorer.js';

/** What an endpoint's kit holds for the invitation. */
export type Phase =
  /** Nothing: the invite has not arrived (callee). */
  | 'absent'
  /** A running chart. */
  | 'live'
  /** The chart settled and was stopped, or the kit learnt the invitation is over: it only remembers it. */
  | 'ended';

/** What a kit does with one incoming message (mirrors the kit's routing). */
export interface KitReaction {
  /** Sends this event to the running chart. */
  readonly event?: EventObject;
  /** Starts the chart with this input: the invitation rings. */
  readonly start?: unknown;
  /** Answers the sender itself, without a chart. */
  readonly reply?: WireMessage;
  /** Remembers the invitation as ended (no chart will start for it). */
  readonly end?: true;
  /** Why the message was dropped, for the diagram. */
  readonly drop?: string;
}

/** An app API call: the chart events it makes, in order. The answer is the chart's `lastCall` after them. */
export interface ApiCall {
  readonly name: string;
  readonly events: readonly EventObject[];
}

/** One endpoint: a user's device with its kit and, once started, its chart. */
export interface EndpointDescription {
  /** Shown in diagrams. */
  readonly name: string;
  readonly machine: AnyStateMachine;
  /** The chart's input if the endpoint starts with its chart (a caller); else the kit starts it when an invite arrives. */
  readonly initialInput?: unknown;
  /** The API calls the app may make, each at most once, at any point while the endpoint has a chart. */
  readonly calls: readonly ApiCall[];
  /** Who a `transmit` of this endpoint's chart, or a reply of its kit, goes to (endpoint indices): every device of the peer user. */
  readonly peers: readonly number[];
  /** The kit's routing of an incoming message. */
  route(phase: Phase, message: WireMessage): KitReaction;
  /** Time units within which the running chart must reach an ended state (invariant 1). */
  readonly lifetimeBound: number;
}

/** What the network may do. */
export interface NetworkBounds {
  /** A message sent at time t arrives at some time in [t, t + maxLatency], unless lost. */
  readonly maxLatency: number;
  /** How many messages the network may lose in one run. */
  readonly losses: number;
  /** How many extra copies of messages the network may make in one run (each within the same latency bound). */
  readonly duplicates: number;
  /**
   * How many times in one run the network (or an attacker on it) may deliver
   * again a message sent at any earlier time: replays, not bounded by the
   * latency. Default 0.
   */
  readonly replays?: number;
}

/** The protocol under check: its endpoints and network, and how to read the charts. */
export interface ProtocolDescription {
  readonly endpoints: readonly EndpointDescription[];
  readonly network: NetworkBounds;
  /** True for a chart state in which nothing happens until the app acts (the caller's IDLE). */
  isAtRest(snapshot: AnyMachineSnapshot): boolean;
  /** True once the chart reached an ended state (it may still linger). */
  isEnded(snapshot: AnyMachineSnapshot): boolean;
  /** The API answer the chart recorded, if any. */
  answerOf(snapshot: AnyMachineSnapshot): string | undefined;
}

export interface PendingTimer {
  readonly id: string;
  readonly event: string;
  readonly remaining: number;
}

export interface Envelope {
  readonly from: number;
  readonly to: number;
  readonly message: WireMessage;
  readonly remaining: number;
}

/** An envelope with its canonical key computed once (keys are the explorer's hot path). */
interface KeyedEnvelope extends Envelope {
  readonly key: string;
}

function keyed(envelope: Envelope): KeyedEnvelope {
  const { from, to, message, remaining } = envelope;
  return { from, to, message, remaining, key: `${from}>${to}@${remaining}:${JSON.stringify(message)}` };
}

export interface EndpointState {
  readonly phase: Phase;
  /** The chart's snapshot, interned (see {@link ChartRunner}); kept after the chart settles for the final verdict. */
  readonly chart: number | undefined;
  readonly timers: readonly PendingTimer[];
  /** Every app callback so far, in order: `ring` (the kit's remoteInvitationReceived), `accepted(response)`, `failure(reason)`… */
  readonly callbacks: readonly string[];
  readonly callsMade: readonly string[];
  /** Time units the chart has been running and not at rest, until it ends (capped just above the bound). */
  readonly age: number;
}

export interface Configuration {
  readonly endpoints: readonly EndpointState[];
  readonly inFlight: readonly Envelope[];
  readonly lossesLeft: number;
  readonly duplicatesLeft: number;
  readonly replaysLeft: number;
  /** Every distinct message sent so far, kept only while replays are left. */
  readonly history: readonly Envelope[];
}

export type Step =
  | { readonly kind: 'call'; readonly endpoint: number; readonly call: string }
  | { readonly kind: 'deliver' | 'lose' | 'duplicate' | 'replay'; readonly envelope: Envelope }
  | { readonly kind: 'timer'; readonly endpoint: number; readonly timer: string }
  | { readonly kind: 'tick' };

/** What a step did, for sequence diagrams. */
export type Effect =
  | { readonly kind: 'answer'; readonly endpoint: number; readonly call: string; readonly result: string }
  | { readonly kind: 'sent'; readonly from: number; readonly to: number; readonly message: WireMessage }
  | { readonly kind: 'callback'; readonly endpoint: number; readonly callback: string }
  | { readonly kind: 'state'; readonly endpoint: number; readonly state: string }
  | { readonly kind: 'kit'; readonly endpoint: number; readonly note: string };

interface ChartOutcome {
  readonly next: number;
  readonly emitted: readonly EventObject[];
  /** Timer changes in the order the chart made them. */
  readonly timerChanges: readonly ({ readonly cancel: string } | { readonly start: PendingTimer })[];
}

const LONG_STRING = 64;

/**
 * Runs one chart purely and interns its snapshots: configurations hold a
 * number, and the same (snapshot, event) pair is computed once. Only sound
 * for charts whose implementations are pure, which the package's are.
 */
export class ChartRunner {
  readonly snapshots: AnyMachineSnapshot[] = [];
  readonly #ids = new Map<string, number>();
  readonly #memo = new Map<string, ChartOutcome>();
  readonly #longStrings = new Map<string, number>();

  constructor(readonly machine: AnyStateMachine) {}

  start(input: unknown): ChartOutcome {
    const key = `start|${this.#canonical(input)}`;
    const known = this.#memo.get(key);
    if (known) return known;
    const [snapshot, actions] = initialTransition(this.machine, input as never);
    const outcome = this.#outcome(snapshot as AnyMachineSnapshot, actions as unknown as ActionLike[]);
    this.#memo.set(key, outcome);
    return outcome;
  }

  send(chart: number, event: EventObject): ChartOutcome {
    const key = `${chart}|${this.#canonical(event)}`;
    const known = this.#memo.get(key);
    if (known) return known;
    const [snapshot, actions] = transition(this.machine, this.snapshots[chart]! as never, event as never);
    const outcome = this.#outcome(snapshot as AnyMachineSnapshot, actions as unknown as ActionLike[]);
    this.#memo.set(key, outcome);
    return outcome;
  }

  #outcome(snapshot: AnyMachineSnapshot, actions: readonly ActionLike[]): ChartOutcome {
    const emitted: EventObject[] = [];
    const timerChanges: ({ cancel: string } | { start: PendingTimer })[] = [];
    for (const action of actions) {
      if (action.type === 'xstate.emit') emitted.push(action.params.event as EventObject);
      else if (action.type === 'xstate.cancel') timerChanges.push({ cancel: String(action.params.sendId) });
      else if (action.type === 'xstate.raise') {
        const { delay, id, event } = action.params as { delay?: number; id?: string; event: EventObject };
        if (delay === undefined) throw new Error(`an undelayed raise escaped the macrostep: ${event.type}`);
        timerChanges.push({ start: { id: id ?? event.type, event: event.type, remaining: delay } });
      }
      // Other actions (a mutant's no-op function, say) have no effect the composition can see.
    }
    return { next: this.#intern(snapshot), emitted, timerChanges };
  }

  #intern(snapshot: AnyMachineSnapshot): number {
    const key = this.#canonical([snapshot.status, snapshot.value, snapshot.context]);
    let id = this.#ids.get(key);
    if (id === undefined) {
      id = this.snapshots.length;
      this.snapshots.push(snapshot);
      this.#ids.set(key, id);
    }
    return id;
  }

  /** JSON with long strings (oversized payloads) replaced by a short number, so keys stay small. */
  #canonical(value: unknown): string {
    return JSON.stringify(value, (_, item: unknown) => {
      if (typeof item !== 'string' || item.length <= LONG_STRING) return item;
      let id = this.#longStrings.get(item);
      if (id === undefined) {
        id = this.#longStrings.size;
        this.#longStrings.set(item, id);
      }
      return `#long${id}`;
    });
  }
}

interface ActionLike {
  readonly type: string;
  readonly params: Record<string, unknown>;
}

const envelopeKey = (envelope: Envelope) => ('key' in envelope ? (envelope as KeyedEnvelope).key : keyed(envelope).key);

const sameEnvelope = (a: Envelope, b: Envelope) => envelopeKey(a) === envelopeKey(b);

/** The composed system of a description, ready for the explorer, plus what diagrams and invariants need. */
export class ComposedSystem implements TransitionSystem<Configuration, Step> {
  readonly runners: readonly ChartRunner[];
  readonly initial: Configuration;

  constructor(readonly description: ProtocolDescription) {
    this.runners = description.endpoints.map((endpoint) => new ChartRunner(endpoint.machine));
    let configuration: Configuration = {
      endpoints: description.endpoints.map(() => ({ phase: 'absent', chart: undefined, timers: [], callbacks: [], callsMade: [], age: 0 })),
      inFlight: [],
      lossesLeft: description.network.losses,
      duplicatesLeft: description.network.duplicates,
      replaysLeft: description.network.replays ?? 0,
      history: [],
    };
    description.endpoints.forEach((endpoint, index) => {
      if (endpoint.initialInput !== undefined) {
        configuration = this.#startChart(configuration, index, endpoint.initialInput, []);
      }
    });
    this.initial = configuration;
  }

  snapshotOf(configuration: Configuration, endpoint: number): AnyMachineSnapshot | undefined {
    const chart = configuration.endpoints[endpoint]!.chart;
    return chart === undefined ? undefined : this.runners[endpoint]!.snapshots[chart];
  }

  key(configuration: Configuration): string {
    const endpoints = configuration.endpoints.map((endpoint) => [
      endpoint.phase,
      endpoint.chart,
      endpoint.timers.map((timer) => `${timer.id}@${timer.remaining}`).join(','),
      endpoint.callbacks.join(','),
      endpoint.callsMade.join(','),
      endpoint.age,
    ]);
    return JSON.stringify([
      endpoints,
      configuration.inFlight.map(envelopeKey).join('|'),
      configuration.lossesLeft,
      configuration.duplicatesLeft,
      configuration.replaysLeft,
      configuration.history.map(envelopeKey).join('|'),
    ]);
  }

  isQuiescent(configuration: Configuration): boolean {
    if (configuration.inFlight.length > 0) return false;
    return configuration.endpoints.every((endpoint, index) => {
      if (endpoint.timers.length > 0) return false;
      if (endpoint.phase !== 'live') return true;
      return this.description.isAtRest(this.snapshotOf(configuration, index)!);
    });
  }

  successors(configuration: Configuration): { step: Step; next: Configuration }[] {
    const steps: Step[] = [];
    const { endpoints, inFlight } = configuration;
    endpoints.forEach((endpoint, index) => {
      // The app holds an invitation object only once the chart exists.
      if (endpoint.chart === undefined) return;
      for (const call of this.description.endpoints[index]!.calls) {
        if (!endpoint.callsMade.includes(call.name)) steps.push({ kind: 'call', endpoint: index, call: call.name });
      }
    });
    const distinct = inFlight.filter((envelope, position) => position === 0 || !sameEnvelope(envelope, inFlight[position - 1]!));
    for (const envelope of distinct) {
      steps.push({ kind: 'deliver', envelope });
      if (configuration.lossesLeft > 0) steps.push({ kind: 'lose', envelope });
      if (configuration.duplicatesLeft > 0) steps.push({ kind: 'duplicate', envelope });
    }
    if (configuration.replaysLeft > 0) for (const envelope of configuration.history) steps.push({ kind: 'replay', envelope });
    let somethingDue = inFlight.some((envelope) => envelope.remaining === 0);
    endpoints.forEach((endpoint, index) => {
      for (const timer of endpoint.timers) {
        if (timer.remaining === 0) {
          somethingDue = true;
          steps.push({ kind: 'timer', endpoint: index, timer: timer.id });
        }
      }
    });
    const somethingPending = inFlight.length > 0 || endpoints.some((endpoint) => endpoint.timers.length > 0);
    if (somethingPending && !somethingDue) steps.push({ kind: 'tick' });
    return steps.map((step) => ({ step, next: this.apply(configuration, step).next }));
  }

  /** Takes one step; `effects` says what happened, for diagrams. Throws if the step is not possible here. */
  apply(configuration: Configuration, step: Step): { next: Configuration; effects: Effect[] } {
    const effects: Effect[] = [];
    switch (step.kind) {
      case 'tick':
        return { next: this.#tick(configuration), effects };
      case 'call':
        return { next: this.#call(configuration, step.endpoint, step.call, effects), effects };
      case 'timer': {
        const timer = configuration.endpoints[step.endpoint]!.timers.find((pending) => pending.id === step.timer);
        if (!timer || timer.remaining !== 0) throw new Error(`timer ${step.timer} is not due`);
        const endpoints = replace(configuration.endpoints, step.endpoint, {
          ...configuration.endpoints[step.endpoint]!,
          timers: configuration.endpoints[step.endpoint]!.timers.filter((pending) => pending !== timer),
        });
        const next = this.#sendToChart({ ...configuration, endpoints }, step.endpoint, { type: timer.event }, effects);
        return { next, effects };
      }
      case 'replay': {
        if (!configuration.history.some((sent) => sameEnvelope(sent, step.envelope))) throw new Error('replay of a message never sent');
        const replaysLeft = configuration.replaysLeft - 1;
        const inFlight = sortEnvelopes([...configuration.inFlight, keyed(step.envelope)]);
        return { next: { ...configuration, inFlight, replaysLeft, history: replaysLeft > 0 ? configuration.history : [] }, effects };
      }
      case 'deliver':
      case 'lose':
      case 'duplicate': {
        // The explorer passes the very envelope; a replayed run passes an equal one.
        let position = configuration.inFlight.indexOf(step.envelope);
        if (position === -1) position = configuration.inFlight.findIndex((envelope) => sameEnvelope(envelope, step.envelope));
        if (position === -1) throw new Error(`no such message in flight: ${envelopeKey(step.envelope)}`);
        const rest = [...configuration.inFlight.slice(0, position), ...configuration.inFlight.slice(position + 1)];
        if (step.kind === 'lose') return { next: { ...configuration, inFlight: rest, lossesLeft: configuration.lossesLeft - 1 }, effects };
        if (step.kind === 'duplicate') {
          const inFlight = sortEnvelopes([...configuration.inFlight, keyed(step.envelope)]);
          return { next: { ...configuration, inFlight, duplicatesLeft: configuration.duplicatesLeft - 1 }, effects };
        }
        return { next: this.#deliver({ ...configuration, inFlight: rest }, step.envelope, effects), effects };
      }
    }
  }

  #tick(configuration: Configuration): Configuration {
    return {
      ...configuration,
      inFlight: configuration.inFlight.map((envelope) => keyed({ ...envelope, remaining: envelope.remaining - 1 })),
      endpoints: configuration.endpoints.map((endpoint, index) => {
        const timers = endpoint.timers.map((timer) => ({ ...timer, remaining: timer.remaining - 1 }));
        const bound = this.description.endpoints[index]!.lifetimeBound;
        const snapshot = this.snapshotOf(configuration, index);
        const running =
          endpoint.phase === 'live' && snapshot !== undefined && !this.description.isAtRest(snapshot) && !this.description.isEnded(snapshot);
        return { ...endpoint, timers, age: running ? Math.min(endpoint.age + 1, bound + 1) : endpoint.age };
      }),
    };
  }

  #call(configuration: Configuration, index: number, name: string, effects: Effect[]): Configuration {
    const endpoint = configuration.endpoints[index]!;
    const call = this.description.endpoints[index]!.calls.find((candidate) => candidate.name === name);
    if (!call || endpoint.callsMade.includes(name) || endpoint.chart === undefined) throw new Error(`call ${name} not possible`);
    const callsMade = [...endpoint.callsMade, name].sort();
    let next: Configuration = { ...configuration, endpoints: replace(configuration.endpoints, index, { ...endpoint, callsMade }) };
    if (endpoint.phase === 'ended') {
      // The kit stopped the actor; the chart still answers, purely, from its final snapshot (kit/ask-chart.ts).
      let chart = endpoint.chart!;
      for (const event of call.events) chart = this.runners[index]!.send(chart, event).next;
      const result = this.description.answerOf(this.runners[index]!.snapshots[chart]!) ?? 'no answer';
      effects.push({ kind: 'answer', endpoint: index, call: name, result });
      return next;
    }
    for (const event of call.events) next = this.#sendToChart(next, index, event, effects);
    const result = this.description.answerOf(this.snapshotOf(next, index)!) ?? 'no answer';
    effects.push({ kind: 'answer', endpoint: index, call: name, result });
    return next;
  }

  #deliver(configuration: Configuration, envelope: Envelope, effects: Effect[]): Configuration {
    const endpoint = configuration.endpoints[envelope.to]!;
    const reaction = this.description.endpoints[envelope.to]!.route(endpoint.phase, envelope.message);
    effects.push({ kind: 'kit', endpoint: envelope.to, note: `got ${describeMessage(envelope.message)} from ${this.description.endpoints[envelope.from]!.name}` });
    let next = configuration;
    if (reaction.drop) effects.push({ kind: 'kit', endpoint: envelope.to, note: `kit drops it (${reaction.drop})` });
    if (reaction.end) {
      next = { ...next, endpoints: replace(next.endpoints, envelope.to, { ...next.endpoints[envelope.to]!, phase: 'ended', timers: [] }) };
    }
    if (reaction.reply) {
      effects.push({ kind: 'kit', endpoint: envelope.to, note: `kit answers ${describeMessage(reaction.reply)}` });
      // The kit answers the sender's user, and a send to a user reaches every device of that user.
      next = this.#transmit(next, envelope.to, this.description.endpoints[envelope.to]!.peers, reaction.reply, effects);
    }
    if (reaction.start !== undefined) next = this.#startChart(next, envelope.to, reaction.start, effects);
    if (reaction.event) next = this.#sendToChart(next, envelope.to, reaction.event, effects);
    return next;
  }

  #startChart(configuration: Configuration, index: number, input: unknown, effects: Effect[]): Configuration {
    const endpoint = configuration.endpoints[index]!;
    const outcome = this.runners[index]!.start(input);
    const started: EndpointState = { ...endpoint, phase: 'live', chart: undefined, timers: [] };
    let next: Configuration = { ...configuration, endpoints: replace(configuration.endpoints, index, started) };
    if (this.description.endpoints[index]!.initialInput === undefined) {
      effects.push({ kind: 'callback', endpoint: index, callback: 'ring' });
      next = withCallback(next, index, 'ring');
    }
    return this.#applyOutcome(next, index, outcome, effects);
  }

  #sendToChart(configuration: Configuration, index: number, event: EventObject, effects: Effect[]): Configuration {
    const endpoint = configuration.endpoints[index]!;
    if (endpoint.phase !== 'live' || endpoint.chart === undefined) throw new Error(`no running chart at ${index}`);
    return this.#applyOutcome(configuration, index, this.runners[index]!.send(endpoint.chart, event), effects);
  }

  #applyOutcome(configuration: Configuration, index: number, outcome: ChartOutcome, effects: Effect[]): Configuration {
    const before = configuration.endpoints[index]!;
    let timers = [...before.timers];
    for (const change of outcome.timerChanges) {
      if ('cancel' in change) timers = timers.filter((timer) => timer.id !== change.cancel);
      else timers = [...timers.filter((timer) => timer.id !== change.start.id), change.start];
    }
    timers.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const snapshot = this.runners[index]!.snapshots[outcome.next]!;
    const age = this.description.isEnded(snapshot) ? 0 : before.age;
    const previousState = before.chart === undefined ? undefined : topState(this.runners[index]!.snapshots[before.chart]!);
    if (topState(snapshot) !== previousState) effects.push({ kind: 'state', endpoint: index, state: topState(snapshot) });
    let next: Configuration = {
      ...configuration,
      endpoints: replace(configuration.endpoints, index, { ...before, chart: outcome.next, timers, age }),
    };
    for (const emitted of outcome.emitted) {
      if (emitted.type === 'transmit') {
        const { message } = emitted as EventObject & { message: WireMessage };
        next = this.#transmit(next, index, this.description.endpoints[index]!.peers, message, effects);
      } else if (emitted.type === 'settled') {
        // The chart is done (SETTLED): no timer is left, and the kit only remembers the invitation.
        next = { ...next, endpoints: replace(next.endpoints, index, { ...next.endpoints[index]!, phase: 'ended', timers: [] }) };
        effects.push({ kind: 'kit', endpoint: index, note: 'settled: the chart is done, the kit forgets it' });
      } else {
        const callback = describeCallback(emitted);
        effects.push({ kind: 'callback', endpoint: index, callback });
        next = withCallback(next, index, callback);
      }
    }
    return next;
  }

  #transmit(configuration: Configuration, from: number, to: readonly number[], message: WireMessage, effects: Effect[]): Configuration {
    const added = to.map((recipient) => {
      effects.push({ kind: 'sent', from, to: recipient, message });
      return keyed({ from, to: recipient, message, remaining: this.description.network.maxLatency });
    });
    let history = configuration.history;
    if (configuration.replaysLeft > 0) {
      const fresh = added.filter((envelope) => !history.some((sent) => sameEnvelope(sent, envelope)));
      if (fresh.length > 0) history = sortEnvelopes([...history, ...fresh]);
    }
    return { ...configuration, inFlight: sortEnvelopes([...configuration.inFlight, ...added]), history };
  }
}

function replace<T>(items: readonly T[], index: number, item: T): T[] {
  const copy = [...items];
  copy[index] = item;
  return copy;
}

function withCallback(configuration: Configuration, index: number, callback: string): Configuration {
  const endpoint = configuration.endpoints[index]!;
  return { ...configuration, endpoints: replace(configuration.endpoints, index, { ...endpoint, callbacks: [...endpoint.callbacks, callback] }) };
}

function sortEnvelopes(envelopes: Envelope[]): Envelope[] {
  return envelopes.sort((a, b) => {
    const keyA = envelopeKey(a);
    const keyB = envelopeKey(b);
    return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
  });
}

/** The chart's top-level state name; a settled chart (status `done`) reads as the ended state its output names. */
export function topState(snapshot: AnyMachineSnapshot): string {
  if (snapshot.status === 'done') return (snapshot.output as { state: string }).state;
  const { value } = snapshot;
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/** `accepted(response)`, `failure(reason)`, `canceled`: an emitted app callback as a short string. */
function describeCallback(emitted: EventObject): string {
  const { reason, response } = emitted as EventObject & { reason?: string; response?: string };
  if (reason !== undefined) return `${emitted.type}(${reason})`;
  if (response !== undefined) return `${emitted.type}(${shorten(response)})`;
  return emitted.type;
}

export function describeMessage(message: WireMessage): string {
  if (message.type === 'accept' || message.type === 'refuse') return `${message.type}(${shorten(message.response)})`;
  if (message.type === 'invite') return `invite(${shorten(message.content)}, ${shorten(message.channelId)})`;
  if (message.type === 'confirm' || message.type === 'refusal-ack') return `${message.type}(to ${message.to})`;
  return message.type;
}

function shorten(text: string): string {
  return text.length > 16 ? `${text.slice(0, 6)}…${text.length} chars` : JSON.stringify(text);
}
