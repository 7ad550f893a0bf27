/** Receives one message; `from` is the authenticated sender. */
export type MessageHandler = (from: string, data: string) => void;

/**
 * The set of handlers registered through `Transport.onMessage`, shared by every
 * adapter so they all treat a throwing handler the same way: the other
 * handlers still run and the adapter's receive loop survives, and the error is
 * rethrown on a fresh task, where the host reports it as the app's bug.
 */
export class MessageHandlers {
  readonly #handlers = new Set<MessageHandler>();

  /** Adds `handler`; the returned function removes it (idempotent). */
  add(handler: MessageHandler): () => void {
    // Wrapping makes one function registered twice count as two registrations,
    // so each returned unsubscribe removes exactly its own.
    const registration: MessageHandler = (from, data) => handler(from, data);
    this.#handlers.add(registration);
    return () => {
      this.#handlers.delete(registration);
    };
  }

  /** Calls every handler with one message. Never throws. */
  deliver(from: string, data: string): void {
    for (const handler of [...this.#handlers]) {
      try {
        handler(from, data);
      } catch (error) {
        setTimeout(() => {
          throw error;
        }, 0);
      }
    }
  }

  /** Drops every handler, so a closed transport holds no references to the app. */
  clear(): void {
    this.#handlers.clear();
  }
}
