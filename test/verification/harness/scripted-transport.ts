/**
 * A transport the test plays the other side of by hand: every frame the kit
 * sends is recorded, and `deliver` hands the kit any frame from any sender,
 * synchronously, so an exception from the kit surfaces in the test.
 */
import type { Transport } from '../../../adapters/transport.js';
import { encodeMessage } from '../../../protocol/codec.js';
import type { WireMessage } from '../../../protocol/messages.js';

export interface SentFrame {
  readonly to: string;
  readonly data: string;
}

export interface ScriptedTransport {
  readonly transport: Transport;
  /** Every frame the kit sent, in order. */
  readonly sent: SentFrame[];
  /** Hands `data` to the kit as if `from` had sent it. */
  deliver(from: string, data: unknown): void;
  /** Hands the kit a well-formed protocol message from `from`. */
  deliverMessage(from: string, message: WireMessage): void;
}

export function createScriptedTransport(localId: string): ScriptedTransport {
  const handlers = new Set<(from: string, data: string) => void>();
  const sent: SentFrame[] = [];
  let closed = false;
  const transport: Transport = {
    localId,
    send(to, data) {
      sent.push({ to, data });
      return Promise.resolve();
    },
    onMessage(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    close() {
      closed = true;
      handlers.clear();
      return Promise.resolve();
    },
  };
  function deliver(from: string, data: unknown): void {
    if (closed) return;
    // Transports hand over strings, but a hostile or buggy one may not: the kit must cope either way.
    for (const handler of [...handlers]) handler(from, data as string);
  }
  return { transport, sent, deliver, deliverMessage: (from, message) => deliver(from, encodeMessage(message)) };
}
