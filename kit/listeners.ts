/** A map from event name to handler signature. */
export type EventMap<Events> = { readonly [E in keyof Events]: (...args: never[]) => void };

/**
 * Typed callback registry for the app-facing objects. Handlers run on a
 * microtask, never inside a chart's own processing: an app that calls
 * `cancel()` from its `receivedByPeer` handler then gets a synchronous,
 * correct answer from the chart. An exception from one handler goes to
 * `reportError` and does not stop the others or the kit.
 */
export class Listeners<Events extends EventMap<Events>> {
  // Created on the first registration: thousands of invitations may be alive at once, most with few handlers.
  #handlers: Map<keyof Events, Set<Events[keyof Events]>> | undefined;
  // The caller's constant list, shared by every instance rather than copied.
  readonly #eventNames: readonly string[];
  readonly #reportError: (error: unknown) => void;

  constructor(eventNames: readonly (keyof Events & string)[], reportError: (error: unknown) => void) {
    this.#eventNames = eventNames;
    this.#reportError = reportError;
  }

  on<E extends keyof Events & string>(event: E, handler: Events[E]): () => void {
    if (!this.#eventNames.includes(event)) {
      throw new TypeError(`Unknown event ${JSON.stringify(event)}; expected one of ${this.#eventNames.join(', ')}`);
    }
    if (typeof handler !== 'function') throw new TypeError(`The handler for ${event} must be a function`);
    this.#handlers ??= new Map();
    let handlers = this.#handlers.get(event);
    if (!handlers) {
      handlers = new Set();
      this.#handlers.set(event, handlers);
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
    };
  }

  /** Calls every handler of `event` on a microtask, in registration order. */
  emitSoon<E extends keyof Events & string>(event: E, ...args: Parameters<Events[E]>): void {
    const handlers = this.#handlers?.get(event);
    if (!handlers || handlers.size === 0) return;
    const snapshot = [...handlers];
    queueMicrotask(() => {
      for (const handler of snapshot) {
        try {
          (handler as (...values: Parameters<Events[E]>) => void)(...args);
        } catch (error) {
          this.#reportError(error);
        }
      }
    });
  }
}
