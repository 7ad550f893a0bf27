/**
 * MQTT presence with several devices of one user. Presence is one retained
 * topic per connection, cleared by that connection's last-will, so a device
 * that dies without a clean disconnect must take only itself offline.
 */
import { createServer, connect as connectTcp, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { connectMqttTransport } from '../../adapters/mqtt.js';
import type { Transport } from '../../adapters/transport.js';
import { BROKERS, requireBroker } from './brokers.js';
import { RUN_ID, collectMessages, eventually, uniqueUserIds, waitFor } from './waiting.js';

const brokerUrl = `mqtt://${BROKERS.mosquitto.host}:${BROKERS.mosquitto.port}`;
const topicPrefix = `ci-devices-${RUN_ID}`;

/** A TCP hop in front of the broker whose connections can be cut, as a phone losing its network would. */
interface SeveredLink {
  readonly url: string;
  /** Destroys every connection through the hop and stops accepting new ones; the broker sees sockets die without DISCONNECT. */
  sever(): Promise<void>;
}

async function openSeverableLink(): Promise<SeveredLink> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((device) => {
    const broker = connectTcp({ host: BROKERS.mosquitto.host, port: BROKERS.mosquitto.port });
    for (const socket of [device, broker]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => sockets.delete(socket));
    }
    device.pipe(broker).pipe(device);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `mqtt://127.0.0.1:${port}`,
    async sever() {
      const closing = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closing;
    },
  };
}

describe('mqtt presence with several devices of one user', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function device(userId: string, url = brokerUrl): Promise<Transport> {
    // No reconnection: a severed device must stay gone, as a dead phone does.
    const transport = await connectMqttTransport({ url, userId, topicPrefix, clientOptions: { reconnectPeriod: 0 } });
    cleanups.push(() => transport.close());
    return transport;
  }

  /** Watches the presence topics of `userId` and records which connections' wills have fired. */
  async function watchPresence(userId: string): Promise<{ cleared: Set<string> }> {
    const watcher: MqttClient = await connectAsync(brokerUrl, { clientId: `presence-watcher-${RUN_ID}-${userId}` });
    cleanups.push(() => watcher.endAsync());
    const cleared = new Set<string>();
    watcher.on('message', (topic, payload) => {
      if (payload.byteLength === 0) cleared.add(topic);
    });
    await watcher.subscribeAsync(`${topicPrefix}/presence/${userId}/+`, { qos: 1 });
    return { cleared };
  }

  it("keeps the user reachable on the other device when one device's connection dies and its will fires", async () => {
    await requireBroker(BROKERS.mosquitto);
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const presence = await watchPresence(bobId);
    const link = await openSeverableLink();
    cleanups.push(() => link.sever());
    const alice = await device(aliceId);
    const phone = await device(bobId, link.url);
    const laptop = await device(bobId);
    const onPhone = collectMessages(phone);
    const onLaptop = collectMessages(laptop);
    await alice.send(bobId, 'to both');
    await waitFor(() => onPhone.length === 1 && onLaptop.length === 1, 'both devices receive');

    await link.sever();
    await waitFor(() => presence.cleared.size === 1, "the broker publishes the phone's last-will");
    await alice.send(bobId, 'after the will');
    await waitFor(() => onLaptop.length === 2, 'the laptop receives');
    expect(onLaptop[1]).toEqual({ from: aliceId, data: 'after the will' });
    expect(onPhone).toEqual([{ from: aliceId, data: 'to both' }]);

    // The will did take the phone out of alice's view: once the laptop
    // leaves too, nothing is left to answer for bob.
    await laptop.close();
    await eventually(async () => {
      await expect(alice.send(bobId, 'gone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    }, 'alice sees bob offline');
  });
});
