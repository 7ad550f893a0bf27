/**
 * A transport the test plays the other side of by hand: every frame the kit
 * sends is recorded, and `deliver` hands the kit any frame from any sender,
 * synchronously, so an exception from the kit surfaces in the test.
 */
import type { Transport } from '../../../adapters/transport.js';
import { encodeMessage } from '../../../protocol/codec.js';
import { completeMessage, type PeerMessage } from '../../support/peer-messages.js';

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
  /**
   * Hands the kit a well-formed protocol message from `from`, addressed (where the type needs an
   * address) to the device the kit named in its own latest frame.
   */
  deliverMessage(from: string, message: PeerMessage): void;
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
  function kitDevice(): string {
    for (let index = sent.length - 1; index >= 0; index--) {
      const device = (JSON.parse(sent[index]?.data ?? '{}') as { device?: unknown }).device;
      if (typeof device === 'string') return device;
    }
    return 'kit-device-unknown';
  }
  return {
    transport,
    sent,
    deliver,
    deliverMessage: (from, message) => deliver(from, encodeMessage(completeMessage(message, kitDevice()))),
  };
}
