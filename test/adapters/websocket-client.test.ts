import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import { connectWebSocketTransport, type WebSocketTransport } from '../../adapters/websocket/index.js';
import type { RelayServer } from '../../adapters/websocket-server/index.js';
import { collectMessages, uniqueUserIds, waitFor } from './waiting.js';
import { connectClient, startRelay } from './websocket-harness.js';

describe('websocket client and relay', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function relay(options: Parameters<typeof startRelay>[0] = {}): Promise<RelayServer> {
    const server = await startRelay(options);
    cleanups.push(() => server.close());
    return server;
  }

  async function client(server: RelayServer, userId: string): Promise<WebSocketTransport> {
    const transport = await connectClient(server, userId, { reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    cleanups.push(() => transport.close());
    return transport;
  }

  it('refuses a connection the authenticate hook rejects', async () => {
    const server = await relay({ authenticate: () => null });
    await expect(connectClient(server, 'anyone')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });

  it('takes its id from the relay, not from what the client asked for', async () => {
    const server = await relay({ authenticate: () => 'the-authenticated-user' });
    const transport = await client(server, 'who-i-claim-to-be');
    expect(transport.localId).toBe('the-authenticated-user');
  });

  it('reconnects with backoff after the relay restarts, keeping its id', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const first = await startRelay();
    const port = first.port;
    const alice = await client(first, aliceId);
    const bob = await client(first, bobId);
    const statuses: string[] = [];
    alice.onStatusChange((status) => statuses.push(status.type));

    await first.close();
    await waitFor(() => alice.status.type === 'reconnecting', 'alice notices the relay is gone');
    await expect(alice.send(bobId, 'while down')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });

    const second = await startRelay({ port });
    cleanups.push(() => second.close());
    await waitFor(() => alice.status.type === 'connected' && bob.status.type === 'connected', 'both reconnect');
    const received = collectMessages(bob);
    await alice.send(bobId, 'back again');
    await waitFor(() => received.length === 1, 'bob receives after the restart');
    expect(received).toEqual([{ from: aliceId, data: 'back again' }]);
    expect(alice.localId).toBe(aliceId);
    expect(statuses[0]).toBe('reconnecting');
    expect(statuses.at(-1)).toBe('connected');
  });

  it('stays closed after close(), without reconnecting', async () => {
    const [aliceId] = uniqueUserIds('alice');
    const server = await relay();
    const alice = await client(server, aliceId);
    await alice.close();
    expect(alice.status.type).toBe('closed');
    expect(server.isConnected(aliceId)).toBe(false);
  });

  it('drops garbage from a broken relay and keeps delivering what is well-formed', async () => {
    const broken = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((resolve) => broken.once('listening', () => resolve()));
    cleanups.push(() => new Promise((resolve) => broken.close(() => resolve())));
    broken.on('connection', (socket) => {
      socket.send(JSON.stringify({ type: 'welcome', version: 1, userId: 'bob' }));
      socket.send('x'.repeat(1024 * 1024));
      socket.send('{"type":"message","from":');
      socket.send(JSON.stringify({ type: 'message', from: 42, data: 'wrong sender type' }));
      socket.send(Buffer.from([0xde, 0xad]));
      socket.send(JSON.stringify({ type: 'message', from: 'alice', data: 'well-formed' }));
    });
    const port = (broken.address() as AddressInfo).port;
    const bob = await connectWebSocketTransport({ url: `ws://127.0.0.1:${port}`, WebSocket, reconnect: false });
    cleanups.push(() => bob.close());
    const received = collectMessages(bob);
    await waitFor(() => received.length === 1, 'the well-formed message arrives');
    expect(received).toEqual([{ from: 'alice', data: 'well-formed' }]);
  });
});
