/**
 * The smallest callback registry that keeps the kit's contract: handlers run
 * on a microtask, in registration order, and one that throws does not stop
 * the others. The baseline must not be faster merely by calling back
 * synchronously.
 */
export class Callbacks<Events extends { readonly [E in keyof Events]: (...args: never[]) => void }> {
  readonly #handlers = new Map<keyof Events, Array<Events[keyof Events]>>();

  on<E extends keyof Events>(event: E, handler: Events[E]): () => void {
    const list = this.#handlers.get(event) ?? [];
    list.push(handler);
    this.#handlers.set(event, list);
    return () => {
      const index = list.indexOf(handler);
      if (index >= 0) list.splice(index, 1);
    };
  }

  emitSoon<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    const list = this.#handlers.get(event);
    if (!list || list.length === 0) return;
    const snapshot = list.slice();
    queueMicrotask(() => {
      for (const handler of snapshot) {
        try {
          (handler as (...values: Parameters<Events[E]>) => void)(...args);
        } catch (error) {
          console.error('baseline: a callback threw', error);
        }
      }
    });
  }
}
