import type { Transport } from '../../adapters/transport.js';
import { decodeMessage } from '../../protocol/codec.js';
import type { WireMessageType } from '../../protocol/messages.js';

/**
 * Wraps a transport so that outgoing messages of the given types vanish (the
 * send still succeeds): all of them, or only the first `count`.
 */
export function dropOutgoing(transport: Transport, types: readonly WireMessageType[], count = Infinity): Transport {
  const dropped = new Set<string>(types);
  let remaining = count;
  return {
    localId: transport.localId,
    send(peerId, data) {
      const decoded = decodeMessage(data);
      if (decoded.ok && dropped.has(decoded.message.type) && remaining > 0) {
        remaining--;
        return Promise.resolve();
      }
      return transport.send(peerId, data);
    },
    onMessage: (handler) => transport.onMessage(handler),
    close: () => transport.close(),
  };
}

/** Wraps a transport so that outgoing messages of the given types leave `extraMs` later than others. */
export function delayOutgoing(transport: Transport, types: readonly WireMessageType[], extraMs: number): Transport {
  const delayed = new Set<string>(types);
  return {
    localId: transport.localId,
    send(peerId, data) {
      const decoded = decodeMessage(data);
      if (!decoded.ok || !delayed.has(decoded.message.type)) return transport.send(peerId, data);
      return new Promise((resolve, reject) => {
        setTimeout(() => transport.send(peerId, data).then(resolve, reject), extraMs);
      });
    },
    onMessage: (handler) => transport.onMessage(handler),
    close: () => transport.close(),
  };
}

/** Every frame a transport receives, decoded where possible, for peers that only listen. */
export function recordIncoming(transport: Transport): Array<{ from: string; type: string }> {
  const frames: Array<{ from: string; type: string }> = [];
  transport.onMessage((from, data) => {
    const decoded = decodeMessage(data);
    frames.push({ from, type: decoded.ok ? decoded.message.type : `invalid:${decoded.reason}` });
  });
  return frames;
}

/** Wraps a transport so that every frame it sends is also kept in `frames`. */
export function recordOutgoing(transport: Transport): { transport: Transport; frames: string[] } {
  const frames: string[] = [];
  return {
    frames,
    transport: {
      localId: transport.localId,
      send(peerId, data) {
        frames.push(data);
        return transport.send(peerId, data);
      },
      onMessage: (handler) => transport.onMessage(handler),
      close: () => transport.close(),
    },
  };
}
