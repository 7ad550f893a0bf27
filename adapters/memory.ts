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
  /** `send` calls accepted (at least one device of the recipient was online at send time). */
  readonly sent: number;
  /** Copies handed to a device's handlers; one `send` to a user with two devices makes two. */
  readonly delivered: number;
  /** Copies dropped by the loss rate (each device's copy is lost or not on its own). */
  readonly lost: number;
  /** Extra copies made by the duplicate rate. */
  readonly duplicated: number;
  /** Copies dropped because the recipient went offline while they were in flight. */
  readonly undeliverable: number;
  /** `send` calls rejected with PEER_OFFLINE. */
  readonly rejectedOffline: number;
}

/**
 * An in-process network of users, for tests, demos and benchmarks. A user may
 * be connected several times, once per device: a message sent to the user
 * reaches every device that is online.
 */
export interface MemoryNetwork {
  /**
   * Connects one device of `userId` and returns its transport. Call it again
   * for the same user to add another device; each device receives every
   * message sent to the user, and closing one leaves the others connected.
   */
  connect(userId: string): Transport;
  /**
   * Takes every device of `userId` offline: sends to the user reject with
   * PEER_OFFLINE, the devices' own sends reject with NOT_CONNECTED, copies in
   * flight to them are dropped. Throws if `userId` has no open transport.
   */
  disconnect(userId: string): void;
  /** Brings every device of a disconnected user back online on the same transports. */
  reconnect(userId: string): void;
  /** True while at least one device of `userId` has an open, online transport. */
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
  /** The open devices of each connected user, in the order they connected. */
  const endpoints = new Map<string, Set<Endpoint>>();
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

  function devicesOf(userId: string): Set<Endpoint> {
    const devices = endpoints.get(userId);
    if (!devices) throw new Error(`memory network: ${JSON.stringify(userId)} is not connected`);
    return devices;
  }

  function onlineDevicesOf(userId: string): Endpoint[] {
    return [...(endpoints.get(userId) ?? [])].filter((device) => device.online);
  }

  function setOnline(userId: string, online: boolean): void {
    for (const device of devicesOf(userId)) device.online = online;
  }

  return {
    connect(userId) {
      const endpoint: Endpoint = { handlers: new MessageHandlers(), online: true };
      const devices = endpoints.get(userId) ?? new Set<Endpoint>();
      devices.add(endpoint);
      endpoints.set(userId, devices);
      let closed = false;
      return {
        localId: userId,
        send(peerId, data) {
          if (closed || !endpoint.online) {
            return Promise.reject(new TransportError('NOT_CONNECTED', `${userId} is not connected`));
          }
          const recipients = onlineDevicesOf(peerId);
          if (recipients.length === 0) {
            counters.rejectedOffline++;
            return Promise.reject(new TransportError('PEER_OFFLINE', `${peerId} is not connected`));
          }
          counters.sent++;
          // Each device has its own link, so each copy meets loss and
          // duplication on its own. With one device the draws happen in the
          // same order as they always did, so a seed replays the same faults.
          for (const recipient of recipients) {
            if (random() < lossRate) {
              counters.lost++;
              continue;
            }
            deliverLater(recipient, userId, data);
            if (random() < duplicateRate) {
              counters.duplicated++;
              deliverLater(recipient, userId, data);
            }
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
            devices.delete(endpoint);
            if (devices.size === 0 && endpoints.get(userId) === devices) endpoints.delete(userId);
          }
          return Promise.resolve();
        },
      };
    },
    disconnect(userId) {
      setOnline(userId, false);
    },
    reconnect(userId) {
      setOnline(userId, true);
    },
    isOnline(userId) {
      return onlineDevicesOf(userId).length > 0;
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
