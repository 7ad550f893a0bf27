import { MessageHandlers } from './internal/message-handlers.js';
import { createSeededRandom } from './internal/seeded-random.js';
import { TransportError, type Transport } from './transport.js';

/** The faults a {@link MemoryNetwork} injects. Every field is optional. */
export interface MemoryNetworkConditions {
  /** One-way delay of each copy of a message, uniform in `[minMs, maxMs]`. Default 0–0: delivered on a microtask. */
  readonly latency?: { readonly minMs: number; readonly maxMs: number };
  /** Probability in [0, 1] that a message is silently lost. Default 0. */
  readonly lossRate?: number;
  /** Probability in [0, 1] that a message is delivered twice (each copy with its own delay). Default 0. */
  readonly duplicateRate?: number;
}

/** Options of {@link createMemoryNetwork}. */
export interface MemoryNetworkOptions extends MemoryNetworkConditions {
  /** Seed of the pseudo-random generator behind latency, loss and duplication; the same seed replays the same faults. Default 1. */
  readonly seed?: number;
}

/** What the network did with the messages handed to it. */
export interface MemoryNetworkStats {
  /** `send` calls accepted (the recipient was connected at send time). */
  readonly sent: number;
  /** Copies handed to a recipient's handlers. */
  readonly delivered: number;
  /** Messages dropped by the loss rate. */
  readonly lost: number;
  /** Extra copies made by the duplicate rate. */
  readonly duplicated: number;
  /** Copies dropped because the recipient went offline while they were in flight. */
  readonly undeliverable: number;
  /** `send` calls rejected with PEER_OFFLINE. */
  readonly rejectedOffline: number;
}

/** An in-process network of users, for tests, demos and benchmarks. */
export interface MemoryNetwork {
  /** Connects `userId` and returns its transport. Throws if `userId` already has an open transport. */
  connect(userId: string): Transport;
  /** Takes `userId` offline: sends to it reject with PEER_OFFLINE, its own sends reject with NOT_CONNECTED, copies in flight to it are dropped. */
  disconnect(userId: string): void;
  /** Brings a disconnected user back online on the same transport. */
  reconnect(userId: string): void;
  /** True while `userId` has an open, online transport. */
  isOnline(userId: string): boolean;
  /** Changes latency, loss or duplication for messages sent from now on. */
  setConditions(conditions: MemoryNetworkConditions): void;
  /** Counters since the network was created. */
  stats(): MemoryNetworkStats;
}

interface Endpoint {
  readonly handlers: MessageHandlers;
  online: boolean;
}

function checkRate(name: string, value: number | undefined): number {
  const rate = value ?? 0;
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${String(value)}`);
  return rate;
}

function checkLatency(latency: MemoryNetworkConditions['latency']): { minMs: number; maxMs: number } {
  const minMs = latency?.minMs ?? 0;
  const maxMs = latency?.maxMs ?? minMs;
  if (!(Number.isFinite(minMs) && Number.isFinite(maxMs) && minMs >= 0 && maxMs >= minMs)) {
    throw new RangeError(`latency must satisfy 0 <= minMs <= maxMs, got ${JSON.stringify(latency)}`);
  }
  return { minMs, maxMs };
}

/**
 * Creates an in-memory network. Delivery is asynchronous (a timer, or a
 * microtask at zero latency), so it behaves like a real transport and runs
 * under fake timers. Random latency reorders messages; loss and duplication
 * are drawn from a seeded generator, so a failing run can be replayed.
 */
export function createMemoryNetwork(options: MemoryNetworkOptions = {}): MemoryNetwork {
  const random = createSeededRandom(options.seed ?? 1);
  const endpoints = new Map<string, Endpoint>();
  let latency = checkLatency(options.latency);
  let lossRate = checkRate('lossRate', options.lossRate);
  let duplicateRate = checkRate('duplicateRate', options.duplicateRate);
  const counters = { sent: 0, delivered: 0, lost: 0, duplicated: 0, undeliverable: 0, rejectedOffline: 0 };

  function deliverLater(recipient: Endpoint, from: string, data: string): void {
    const delay = latency.maxMs === 0 ? 0 : latency.minMs + random() * (latency.maxMs - latency.minMs);
    const deliver = () => {
      if (!recipient.online) {
        counters.undeliverable++;
        return;
      }
      counters.delivered++;
      recipient.handlers.deliver(from, data);
    };
    if (delay === 0) queueMicrotask(deliver);
    else setTimeout(deliver, delay);
  }

  function endpointOf(userId: string): Endpoint {
    const endpoint = endpoints.get(userId);
    if (!endpoint) throw new Error(`memory network: ${JSON.stringify(userId)} is not connected`);
    return endpoint;
  }

  return {
    connect(userId) {
      if (endpoints.has(userId)) throw new Error(`memory network: ${JSON.stringify(userId)} is already connected`);
      const endpoint: Endpoint = { handlers: new MessageHandlers(), online: true };
      endpoints.set(userId, endpoint);
      let closed = false;
      return {
        localId: userId,
        send(peerId, data) {
          if (closed || !endpoint.online) {
            return Promise.reject(new TransportError('NOT_CONNECTED', `${userId} is not connected`));
          }
          const recipient = endpoints.get(peerId);
          if (!recipient || !recipient.online) {
            counters.rejectedOffline++;
            return Promise.reject(new TransportError('PEER_OFFLINE', `${peerId} is not connected`));
          }
          counters.sent++;
          if (random() < lossRate) {
            counters.lost++;
            return Promise.resolve();
          }
          deliverLater(recipient, userId, data);
          if (random() < duplicateRate) {
            counters.duplicated++;
            deliverLater(recipient, userId, data);
          }
          return Promise.resolve();
        },
        onMessage(handler) {
          return endpoint.handlers.add(handler);
        },
        close() {
          if (!closed) {
            closed = true;
            endpoint.online = false;
            endpoint.handlers.clear();
            endpoints.delete(userId);
          }
          return Promise.resolve();
        },
      };
    },
    disconnect(userId) {
      endpointOf(userId).online = false;
    },
    reconnect(userId) {
      endpointOf(userId).online = true;
    },
    isOnline(userId) {
      return endpoints.get(userId)?.online ?? false;
    },
    setConditions(conditions) {
      if ('latency' in conditions) latency = checkLatency(conditions.latency);
      if ('lossRate' in conditions) lossRate = checkRate('lossRate', conditions.lossRate);
      if ('duplicateRate' in conditions) duplicateRate = checkRate('duplicateRate', conditions.duplicateRate);
    },
    stats() {
      return { ...counters };
    },
  };
}

export type { Transport } from './transport.js';
export { TransportError } from './transport.js';
