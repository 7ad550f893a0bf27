/** A map from event name to listener signature. */
export type AgoraEventMap<Events> = { readonly [E in keyof Events]: (...args: never[]) => void };

/**
 * The listener type of Agora's typings: a function taking the event's
 * arguments, whatever it returns. Spelled as Agora spells it, so that
 * TypeScript relates the facade's listener methods to Agora's.
 */
export type AgoraListener<Handler> = (...args: AgoraListenerArguments<Handler>) => unknown;

/**
 * The arguments of an event handler type, computed the way Agora's typings
 * compute them. TypeScript relates two conditional types only when their
 * `extends` clauses are identical, hence Agora's `=> any` here (a pattern to
 * match, not a type the facade exposes).
 */
export type AgoraListenerArguments<Handler> = [Handler] extends [(...args: infer Arguments) => any]
  ? Arguments
  : [Handler] extends [void]
    ? []
    : [Handler];

interface Entry {
  readonly listener: (...args: never[]) => unknown;
  readonly once: boolean;
}

/**
 * The listener methods of Agora's web objects, which follow Node's
 * `EventEmitter`: `on` and `once` return `this` and may add one listener
 * several times, `off` removes the most recently added copy, and
 * `removeAllListeners` clears one event or all of them.
 *
 * Unlike Node, `emit` never throws: a listener's exception goes to
 * `reportError` and the other listeners still run, so one broken handler
 * cannot stop a call's other callbacks or the kit underneath.
 */
export class AgoraEventEmitter<Events extends AgoraEventMap<Events>> {
  // Created on the first registration: most invitations have a handful of listeners, or none.
  #entries: Map<keyof Events, Entry[]> | undefined;
  readonly #eventNames: readonly string[];
  readonly #describeUnknown: (event: string) => Error;
  readonly #reportError: (error: unknown) => void;

  /** @internal Created by the facade's classes. */
  constructor(
    eventNames: readonly (keyof Events & string)[],
    describeUnknown: (event: string) => Error,
    reportError: (error: unknown) => void,
  ) {
    this.#eventNames = eventNames;
    this.#describeUnknown = describeUnknown;
    this.#reportError = reportError;
  }

  /** Adds `listener` to the end of `event`'s list. */
  add<E extends keyof Events & string>(event: E, listener: AgoraListener<Events[E]>, once: boolean): void {
    this.#check(event);
    if (typeof listener !== 'function') throw new TypeError(`The listener for ${event} must be a function`);
    this.#entries ??= new Map();
    const list = this.#entries.get(event) ?? [];
    // A fresh array: an emission in progress keeps iterating the list it started with.
    this.#entries.set(event, [...list, { listener, once }]);
  }

  /** Removes the most recently added copy of `listener` from `event`, as Node does. */
  remove<E extends keyof Events & string>(event: E, listener: AgoraListener<Events[E]>): void {
    this.#check(event);
    const list = this.#entries?.get(event);
    if (!list) return;
    for (let index = list.length - 1; index >= 0; index--) {
      if (list[index]?.listener === listener) {
        this.#entries?.set(event, [...list.slice(0, index), ...list.slice(index + 1)]);
        return;
      }
    }
  }

  /** Removes every listener of `event`, or of every event when `event` is undefined. */
  removeAll(event: (keyof Events & string) | undefined): void {
    if (event === undefined) {
      this.#entries = undefined;
      return;
    }
    this.#check(event);
    this.#entries?.delete(event);
  }

  /** The listeners of `event`, in call order, once-listeners as they were given (no wrappers). */
  listeners<E extends keyof Events & string>(event: E): AgoraListener<Events[E]>[] {
    this.#check(event);
    return (this.#entries?.get(event) ?? []).map((entry) => entry.listener as AgoraListener<Events[E]>);
  }

  /** Calls every listener of `event` now, in order; once-listeners are removed first. */
  emit<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    const list = this.#entries?.get(event);
    if (!list || list.length === 0) return;
    if (list.some((entry) => entry.once)) this.#entries?.set(event, list.filter((entry) => !entry.once));
    for (const entry of list) {
      try {
        (entry.listener as (...values: Parameters<Events[E]>) => void)(...args);
      } catch (error) {
        this.#reportError(error);
      }
    }
  }

  #check(event: string): void {
    if (!this.#eventNames.includes(event)) throw this.#describeUnknown(event);
  }
}
