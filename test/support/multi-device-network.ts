/**
 * Several devices per user on top of the in-memory network, for call-level
 * tests: each device is its own endpoint of the memory network (so latency,
 * loss and duplication apply to each device's copy on its own), and a send
 * to a user reaches every device of that user, as on the pub/sub transports.
 * Receivers see the sender's user id, never the device: the device lives in
 * the wire message.
 */
import { createMemoryNetwork, type MemoryNetwork, type MemoryNetworkOptions } from '../../adapters/memory.js';
import { TransportError, type Transport } from '../../adapters/transport.js';

const DEVICE_SEPARATOR = '#';

/** Decides whether a copy travels; `false` loses it. For tests that lose one chosen message. */
export type CopyFilter = (copy: { readonly from: string; readonly toEndpoint: string; readonly data: string }) => boolean;

export interface MultiDeviceNetwork {
  readonly memory: MemoryNetwork;
  /** Connects one more device of `userId`; the transport's `localId` is the user id. */
  connect(userId: string): Transport;
  /** Every device of `userId` goes offline (sends to it reject PEER_OFFLINE, its own sends NOT_CONNECTED). */
  disconnect(userId: string): void;
  reconnect(userId: string): void;
  /** Loses every copy the filter rejects, from now on. */
  setFilter(filter: CopyFilter | undefined): void;
}

export function createMultiDeviceNetwork(options: MemoryNetworkOptions = {}): MultiDeviceNetwork {
  const memory = createMemoryNetwork(options);
  const endpointsByUser = new Map<string, string[]>();
  let filter: CopyFilter | undefined;
  // Never reused, so that a device that reconnects (a restored kit) cannot share an endpoint with one still online.
  let connections = 0;

  const userOf = (endpoint: string) => endpoint.slice(0, endpoint.lastIndexOf(DEVICE_SEPARATOR));

  return {
    memory,
    connect(userId) {
      const endpoints = endpointsByUser.get(userId) ?? [];
      endpointsByUser.set(userId, endpoints);
      const endpoint = `${userId}${DEVICE_SEPARATOR}${++connections}`;
      endpoints.push(endpoint);
      const device = memory.connect(endpoint);
      return {
        localId: userId,
        async send(peerId, data) {
          if (!memory.isOnline(endpoint)) throw new TransportError('NOT_CONNECTED', `${endpoint} is not connected`);
          const online = (endpointsByUser.get(peerId) ?? []).filter((target) => memory.isOnline(target));
          if (online.length === 0) throw new TransportError('PEER_OFFLINE', `${peerId} is not connected`);
          const copies = online
            .filter((target) => filter?.({ from: endpoint, toEndpoint: target, data }) ?? true)
            .map((target) => device.send(target, data));
          // A device that went offline in between is not the sender's concern: another one got it.
          await Promise.allSettled(copies);
        },
        onMessage(handler) {
          return device.onMessage((from, data) => handler(userOf(from), data));
        },
        close() {
          const remaining = endpointsByUser.get(userId)?.filter((other) => other !== endpoint) ?? [];
          endpointsByUser.set(userId, remaining);
          return device.close();
        },
      };
    },
    disconnect(userId) {
      for (const endpoint of endpointsByUser.get(userId) ?? []) memory.disconnect(endpoint);
    },
    reconnect(userId) {
      for (const endpoint of endpointsByUser.get(userId) ?? []) memory.reconnect(endpoint);
    },
    setFilter(next) {
      filter = next;
    },
  };
}
