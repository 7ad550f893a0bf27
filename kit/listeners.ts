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
  readonly event: string;
  readonly handler: unknown;
  readonly once: boolean;
  /** Stops listening to the `signal` the handler was registered with, if any. */
  readonly detach: (() => void) | undefined;
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
  // One flat list for every event, created on the first registration: thousands of invitations may be alive at
  // once, each with a handful of handlers, and a Map per event held about 190 B more per handler than an entry
  // of one list. Searching a handful of entries costs less than hashing them.
  #registrations: Registration[] | undefined;
  // The caller's constant list, shared by every instance rather than copied.
  readonly #eventNames: readonly string[];
  readonly #reportError: (error: unknown) => void;

  constructor(eventNames: readonly (keyof Events & string)[], reportError: (error: unknown) => void) {
    this.#eventNames = eventNames;
    this.#reportError = reportError;
  }

  /** Registers `handler` for every `event` until removed; returns the remover. */
  on<E extends keyof Events & string>(event: E, handler: Events[E], options?: ListenerOptions): () => void {
    return this.#register(event, handler, false, options?.signal);
  }

  /** Registers `handler` for the next `event` only; returns the remover. */
  once<E extends keyof Events & string>(event: E, handler: Events[E], options?: ListenerOptions): () => void {
    return this.#register(event, handler, true, options?.signal);
  }

  /** Removes `handler` from `event`, whether `on` or `once` registered it. Unknown handlers are ignored. */
  off<E extends keyof Events & string>(event: E, handler: Events[E]): void {
    this.#checkEventName(event);
    this.#remove(event, handler);
  }

  /** Calls every handler of `event` on a microtask, in registration order. */
  emitSoon<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    const registrations = this.#registrations;
    if (!registrations) return;
    const due = registrations.filter((registration) => registration.event === event);
    if (due.length === 0) return;
    // A once-handler is spent by this emission, even if another one comes before the microtask.
    for (const { handler, once } of due) if (once) this.#remove(event, handler);
    queueMicrotask(() => {
      for (const { handler, once } of due) {
        if (!once && this.#indexOf(event, handler) < 0) continue;
        try {
          (handler as (...values: Parameters<Events[E]>) => void)(...args);
        } catch (error) {
          this.#reportError(error);
        }
      }
    });
  }

  #register(event: keyof Events & string, handler: unknown, once: boolean, signal: AbortSignal | undefined): () => void {
    this.#checkEventName(event);
    if (typeof handler !== 'function') throw new TypeError(`The handler for ${event} must be a function`);
    const remove = () => this.#remove(event, handler);
    if (!signal?.aborted && this.#indexOf(event, handler) < 0) {
      signal?.addEventListener('abort', remove);
      (this.#registrations ??= []).push({
        event,
        handler,
        once,
        detach: signal && (() => signal.removeEventListener('abort', remove)),
      });
    }
    return remove;
  }

  #indexOf(event: keyof Events & string, handler: unknown): number {
    return this.#registrations?.findIndex((registration) => registration.event === event && registration.handler === handler) ?? -1;
  }

  #remove(event: keyof Events & string, handler: unknown): void {
    const index = this.#indexOf(event, handler);
    if (index < 0) return;
    // The signal would otherwise keep the handler, and everything it closes over, alive.
    this.#registrations?.[index]?.detach?.();
    this.#registrations?.splice(index, 1);
  }

  #checkEventName(event: string): void {
    if (!this.#eventNames.includes(event)) {
      throw new TypeError(`Unknown event ${JSON.stringify(event)}; expected one of ${this.#eventNames.join(', ')}`);
    }
  }
}
