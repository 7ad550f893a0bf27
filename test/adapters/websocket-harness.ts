/** Starts relays and raw sockets for the WebSocket tests. */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { connectWebSocketTransport, type WebSocketTransport, type WebSocketTransportOptions } from '../../adapters/websocket/index.js';
import { createRelayServer, type RelayServer, type RelayServerOptions } from '../../adapters/websocket-server/index.js';

/**
 * Test-only authentication: the user id is read from `?user=`. A real app
 * verifies a signed token here; the relay's guarantee is only as strong as
 * this hook.
 */
export function userFromQuery(request: IncomingMessage): string | null {
  return new URL(request.url ?? '/', 'http://relay').searchParams.get('user');
}

/** A relay on a free port with the test authentication, plus anything in `options`. */
export function startRelay(options: Partial<RelayServerOptions> = {}): Promise<RelayServer> {
  return createRelayServer({ authenticate: userFromQuery, ...options });
}

/** The URL a client of `relay` uses to connect as `userId`. */
export function relayUrl(relay: RelayServer, userId: string): string {
  return `ws://127.0.0.1:${relay.port}/?user=${encodeURIComponent(userId)}`;
}

/** Connects a client transport to `relay` as `userId`, with `ws` as the WebSocket (Node 20 has no global one). */
export function connectClient(
  relay: RelayServer,
  userId: string,
  options: Partial<WebSocketTransportOptions> = {},
): Promise<WebSocketTransport> {
  return connectWebSocketTransport({ url: relayUrl(relay, userId), WebSocket, ...options });
}

/** A raw socket authenticated as `userId`, open and welcomed, for writing frames the client never would. */
export async function openRawSocket(relay: RelayServer, userId: string): Promise<WebSocket> {
  const socket = new WebSocket(relayUrl(relay, userId));
  await new Promise<void>((resolve, reject) => {
    socket.once('message', () => resolve());
    socket.once('error', reject);
  });
  return socket;
}

/** Resolves when `socket` has closed. */
export function closed(socket: WebSocket): Promise<void> {
  if (socket.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => socket.once('close', () => resolve()));
}
