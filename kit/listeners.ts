/** A map from event name to handler signature. */
export type EventMap<Events> = { readonly [E in keyof Events]: (...args: never[]) => void };

/** Options of `on()` and `once()` on the kit and on both invitations. */
export interface ListenerOptions {
  /**
   * Removes the handler when this signal aborts, as `addEventListener` does:
   * one `AbortController` can detach every handler a component registered.
   * A signal that is already aborted registers nothing.
   */
  readonly signal?: AbortSignal;
}

interface Registration {
  readonly handler: unknown;
  readonly once: boolean;
  detachSignal?: () => void;
}

/**
 * Typed callback registry for the app-facing objects. Handlers run on a
 * microtask, never inside a chart's own processing: an app that calls
 * `cancel()` from its `receivedByPeer` handler then gets a synchronous,
 * correct answer from the chart. An exception from one handler goes to
 * `reportError` and does not stop the others or the kit.
 *
 * A handler is registered at most once per event (registering it again
 * changes nothing), and a handler removed before its microtask runs is not
 * called: after `off()` the app hears nothing more.
 */
export class Listeners<Events extends EventMap<Events>> {
  // Created on the first registration: thousands of invitations may be alive at once, most with few handlers.
  #registrations: Map<keyof Events, Set<Registration>> | undefined;
  // The caller's constant list, shared by every instance rather than copied.
  readonly #eventNames: readonly string[];
  readonly #reportError: (error: unknown) => void;

  constructor(eventNames: readonly (keyof Events & string)[], reportError: (error: unknown) => void) {
    this.#eventNames = eventNames;
    this.#reportError = reportError;
  }

  /** Registers `handler` for every `event` until removed; returns the remover. */
  on<E extends keyof Events & string>(event: E, handler: Events[E], options?: ListenerOptions): () => void {
    return this.#register(event, handler, false, options);
  }

  /** Registers `handler` for the next `event` only; returns the remover. */
  once<E extends keyof Events & string>(event: E, handler: Events[E], options?: ListenerOptions): () => void {
    return this.#register(event, handler, true, options);
  }

  /** Removes `handler` from `event`, whether `on` or `once` registered it. Unknown handlers are ignored. */
  off<E extends keyof Events & string>(event: E, handler: Events[E]): void {
    this.#checkEventName(event);
    const registration = this.#find(event, handler);
    if (registration) this.#remove(event, registration);
  }

  /** Calls every handler of `event` on a microtask, in registration order. */
  emitSoon<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    const registrations = this.#registrations?.get(event);
    if (!registrations || registrations.size === 0) return;
    const due = [...registrations];
    // A once-handler is spent by this emission, even if another one comes before the microtask.
    const spent = due.filter((registration) => registration.once);
    for (const registration of spent) this.#remove(event, registration);
    queueMicrotask(() => {
      for (const registration of due) {
        if (!registrations.has(registration) && !spent.includes(registration)) continue;
        try {
          (registration.handler as (...values: Parameters<Events[E]>) => void)(...args);
        } catch (error) {
          this.#reportError(error);
        }
      }
    });
  }

  #register<E extends keyof Events & string>(
    event: E,
    handler: Events[E],
    once: boolean,
    options: ListenerOptions | undefined,
  ): () => void {
    this.#checkEventName(event);
    if (typeof handler !== 'function') throw new TypeError(`The handler for ${event} must be a function`);
    const signal = options?.signal;
    if (signal?.aborted) return () => {};
    const existing = this.#find(event, handler);
    if (existing) return () => this.#remove(event, existing);
    this.#registrations ??= new Map();
    let registrations = this.#registrations.get(event);
    if (!registrations) {
      registrations = new Set();
      this.#registrations.set(event, registrations);
    }
    const registration: Registration = { handler, once };
    registrations.add(registration);
    if (signal) {
      const onAbort = () => this.#remove(event, registration);
      signal.addEventListener('abort', onAbort, { once: true });
      registration.detachSignal = () => signal.removeEventListener('abort', onAbort);
    }
    return () => this.#remove(event, registration);
  }

  #find(event: keyof Events, handler: unknown): Registration | undefined {
    const registrations = this.#registrations?.get(event);
    if (!registrations) return undefined;
    for (const registration of registrations) if (registration.handler === handler) return registration;
    return undefined;
  }

  #remove(event: keyof Events, registration: Registration): void {
    this.#registrations?.get(event)?.delete(registration);
    // The signal would otherwise keep the handler, and everything it closes over, alive.
    registration.detachSignal?.();
    registration.detachSignal = undefined;
  }

  #checkEventName(event: string): void {
    if (!this.#eventNames.includes(event)) {
      throw new TypeError(`Unknown event ${JSON.stringify(event)}; expected one of ${this.#eventNames.join(', ')}`);
    }
  }
}
