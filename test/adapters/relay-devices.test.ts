/**
 * The relay with several connections of one user: each socket is a device,
 * watched by its own heartbeat, so a dead phone is dropped without taking
 * the user's laptop offline.
 */
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { RelayServer } from '../../adapters/websocket-server/index.js';
import { collectMessages, eventually, uniqueUserIds, waitFor } from './waiting.js';
import { closed, connectClient, relayUrl, startRelay } from './websocket-harness.js';

describe('relay with several devices of one user', () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('drops only the device that stops answering the heartbeat, and keeps delivering to the others', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const relay: RelayServer = await startRelay({ heartbeatIntervalMs: 500 });
    cleanups.push(() => relay.close());
    const alice = await connectClient(relay, aliceId);
    const laptop = await connectClient(relay, bobId);
    cleanups.push(() => alice.close(), () => laptop.close());
    const onLaptop = collectMessages(laptop);
    // A phone whose network vanished: the socket stays open but never
    // answers a ping.
    const phone = new WebSocket(relayUrl(relay, bobId), { autoPong: false });
    const onPhone: string[] = [];
    phone.on('message', (frame) => onPhone.push(String(frame)));
    await waitFor(() => onPhone.length === 1, 'the relay welcomes the phone');

    await alice.send(bobId, 'to both');
    await waitFor(() => onPhone.length === 2 && onLaptop.length === 1, 'both devices receive');
    await closed(phone);
    expect(relay.isConnected(bobId)).toBe(true);
    await alice.send(bobId, 'to the laptop');
    await waitFor(() => onLaptop.length === 2, 'the laptop still receives');
    expect(onLaptop[1]).toEqual({ from: aliceId, data: 'to the laptop' });

    await laptop.close();
    await eventually(async () => {
      await expect(alice.send(bobId, 'gone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    }, 'alice sees bob offline once no device is connected');
    expect(relay.isConnected(bobId)).toBe(false);
  });
});
