import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { isPeerOfflineError, type Transport, type TransportErrorCode } from '../transport.js';
import { fitsInBytes } from '../internal/message-size.js';
import { createConnectionBounds, type ConnectionBoundsOptions, type RelayServerStats } from './connection-bounds.js';
import { importOptionalPeer } from '../internal/optional-peer.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  RELAY_PROTOCOL_VERSION,
  decodeClientFrame,
  encodeFrame,
  isUserId,
  type SendFrame,
} from '../websocket/relay-frame.js';

/**
 * Decides who a connection belongs to, from the HTTP upgrade request (cookie,
 * `Authorization` header, a token in the query string or subprotocol). Return
 * the user id, or `null` to refuse the connection with 401; an id the kit
 * would refuse (empty, or over 64 bytes of UTF-8) is refused with 401 too. This is the only
 * place identity comes from: the relay stamps it on everything the connection
 * sends, whatever the frames say.
 */
export type AuthenticateConnection = (request: IncomingMessage) => string | null | Promise<string | null>;

/**
 * Reaches users connected to other relay instances, through a broker. The
 * relay opens one bridge transport per locally connected user, as that user,
 * and closes it when the user's last socket leaves: messages from the broker
 * then land on the right sockets, and the broker's own presence answers
 * PEER_OFFLINE for users connected nowhere. Any broker adapter's
 * `connect`-style factory fits, e.g. `(userId) => createRedisTransport({ userId, publisher, subscriber })`.
 */
export interface RelayBridge {
  /** Opens a transport authenticated as `userId`, ready to receive when it resolves. */
  connect(userId: string): Promise<Transport>;
}

/** Options of {@link createRelayServer}. */
export interface RelayServerOptions extends ConnectionBoundsOptions {
  /** Who is connecting; see {@link AuthenticateConnection}. */
  authenticate: AuthenticateConnection;
  /** An HTTP(S) server to attach to. Without one the relay listens on `port`/`host` itself. */
  server?: Server;
  /** Port to listen on when no `server` is given; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on when no `server` is given. Default `127.0.0.1`. */
  host?: string;
  /** Only upgrade requests for this path are accepted. Default: any path. */
  path?: string;
  /** Bound on one frame, in UTF-8 bytes; larger frames close the connection (1009). Default 128 KiB. */
  maxFrameBytes?: number;
  /**
   * Interval of the ping that finds dead connections, so a vanished user is
   * reported PEER_OFFLINE instead of swallowing messages. Default 30 000 ms.
   */
  heartbeatIntervalMs?: number;
  /** Forwards messages for users not connected here; see {@link RelayBridge}. */
  bridge?: RelayBridge;
}

/** A running relay. */
export interface RelayServer {
  /** The port the relay's HTTP server listens on. */
  readonly port: number;
  /** True while at least one authenticated socket of `userId` is connected to this instance. */
  isConnected(userId: string): boolean;
  /** What the relay refused since it started, for monitoring abuse. */
  stats(): RelayServerStats;
  /** Closes every connection and bridge, and the HTTP server if the relay created it. */
  close(): Promise<void>;
}

/** Everything the relay holds for one user connected to this instance. */
interface LocalUser {
  readonly userId: string;
  /** Sockets that have been welcomed and receive messages. */
  readonly sockets: Set<WebSocket>;
  /** Connections counted from upgrade to close, including those still waiting for the bridge. */
  holders: number;
  /** Settles when the bridge transport (if any) is ready; null when there is no bridge. */
  readonly bridge: Promise<Transport | null>;
}

/** Close codes from RFC 6455 §7.4.1. */
const CLOSE_PROTOCOL_ERROR = 1002;
const CLOSE_UNSUPPORTED_DATA = 1003;
const CLOSE_GOING_AWAY = 1001;
const CLOSE_INTERNAL_ERROR = 1011;

/**
 * Starts a relay that routes messages between WebSocket clients of
 * `connectWebSocketTransport` by user id. It stamps every message with the
 * sender `authenticate` established, answers PEER_OFFLINE for users not
 * connected (here, or through `bridge`, anywhere), bounds frame size, and
 * closes connections that send anything but well-formed frames.
 */
export async function createRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const { WebSocketServer } = await importOptionalPeer(() => import('ws'), 'ws', 'call-invitation/adapters/websocket-server');
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const ownsServer = options.server === undefined;
  const httpServer =
    options.server ??
    createServer((_request, response) => {
      response.writeHead(426, { 'Content-Type': 'text/plain' }).end('WebSocket only\n');
    });
  // ws enforces maxPayload while reading, so an oversized frame is refused
  // before it is buffered whole.
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxFrameBytes });
  const bounds = createConnectionBounds(options, maxFrameBytes);
  const users = new Map<string, LocalUser>();
  const alive = new WeakSet<WebSocket>();
  const bridgesClosing = new Set<Promise<void>>();

  function refuseUpgrade(socket: Duplex, status: string): void {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  async function onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (options.path !== undefined && new URL(request.url ?? '/', 'http://relay').pathname !== options.path) {
      refuseUpgrade(socket, '404 Not Found');
      return;
    }
    let userId: string | null;
    try {
      userId = await options.authenticate(request);
    } catch {
      userId = null;
    }
    if (userId === null || !isUserId(userId)) {
      refuseUpgrade(socket, '401 Unauthorized');
      return;
    }
    const authenticated = userId;
    sockets.handleUpgrade(request, socket, head, (webSocket) => {
      void onConnection(webSocket, authenticated);
    });
  }

  function holdUser(userId: string): LocalUser {
    const existing = users.get(userId);
    if (existing !== undefined) {
      existing.holders += 1;
      return existing;
    }
    const bridge = options.bridge?.connect(userId) ?? Promise.resolve(null);
    const user: LocalUser = { userId, sockets: new Set(), holders: 1, bridge };
    users.set(userId, user);
    bridge.then(
      (transport) => transport?.onMessage((from, data) => deliverLocally(user, from, data)),
      () => {},
    );
    return user;
  }

  function releaseUser(user: LocalUser): void {
    user.holders -= 1;
    if (user.holders > 0) return;
    users.delete(user.userId);
    const closing = user.bridge.then((transport) => transport?.close()).catch(() => {});
    bridgesClosing.add(closing);
    void closing.then(() => bridgesClosing.delete(closing));
  }

  async function onConnection(webSocket: WebSocket, userId: string): Promise<void> {
    const user = holdUser(userId);
    webSocket.on('close', () => {
      user.sockets.delete(webSocket);
      releaseUser(user);
    });
    // Errors (e.g. an oversized frame) are followed by 'close'; without a
    // listener ws would rethrow them and take the process down.
    webSocket.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') bounds.count('oversizedFrames');
    });
    alive.add(webSocket);
    webSocket.on('pong', () => alive.add(webSocket));
    try {
      await user.bridge;
    } catch {
      webSocket.close(CLOSE_INTERNAL_ERROR, 'bridge unavailable');
      return;
    }
    if (webSocket.readyState !== webSocket.OPEN) return;
    webSocket.on('message', (data, isBinary) => onFrame(webSocket, user, data, isBinary));
    user.sockets.add(webSocket);
    bounds.send(webSocket, encodeFrame({ type: 'welcome', version: RELAY_PROTOCOL_VERSION, userId }));
  }

  function onFrame(webSocket: WebSocket, sender: LocalUser, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      bounds.count('binaryFrames');
      webSocket.close(CLOSE_UNSUPPORTED_DATA, 'text frames only');
      return;
    }
    const frame = decodeClientFrame(rawDataToText(data));
    if (frame === null) {
      bounds.count('malformedFrames');
      webSocket.close(CLOSE_PROTOCOL_ERROR, 'malformed frame');
      return;
    }
    const answer = (rejection: TransportErrorCode | null) =>
      bounds.send(
        webSocket,
        encodeFrame(rejection === null ? { type: 'accepted', id: frame.id } : { type: 'rejected', id: frame.id, code: rejection }),
      );
    if (!bounds.admitFrame(webSocket)) {
      answer('NOT_CONNECTED');
      return;
    }
    void route(sender, frame).then(answer);
  }

  /** Hands one message on; resolves to null when accepted, else the reason it was not. */
  async function route(sender: LocalUser, frame: SendFrame): Promise<TransportErrorCode | null> {
    const outgoing = encodeFrame({ type: 'message', from: sender.userId, data: frame.data });
    if (!fitsInBytes(outgoing, maxFrameBytes)) return 'MESSAGE_TOO_LARGE';
    if (options.bridge === undefined) {
      const recipient = users.get(frame.to);
      if (recipient === undefined || recipient.sockets.size === 0) return 'PEER_OFFLINE';
      let delivered = false;
      for (const socket of recipient.sockets) delivered = bounds.send(socket, outgoing) || delivered;
      return delivered ? null : 'PEER_OFFLINE';
    }
    // With a bridge, even local recipients are reached through the broker:
    // a user may also be connected to another instance, and one path keeps
    // per-pair ordering and presence answers the same wherever peers are.
    const bridge = await sender.bridge.catch(() => null);
    if (bridge === null) return 'NOT_CONNECTED';
    try {
      await bridge.send(frame.to, frame.data);
      return null;
    } catch (error) {
      return isPeerOfflineError(error) ? 'PEER_OFFLINE' : 'NOT_CONNECTED';
    }
  }

  function deliverLocally(user: LocalUser, from: string, data: string): void {
    const outgoing = encodeFrame({ type: 'message', from, data });
    if (!fitsInBytes(outgoing, maxFrameBytes)) return;
    for (const socket of user.sockets) bounds.send(socket, outgoing);
  }

  const heartbeat = setInterval(() => {
    for (const webSocket of sockets.clients) {
      if (!alive.has(webSocket)) {
        webSocket.terminate();
        continue;
      }
      alive.delete(webSocket);
      webSocket.ping();
    }
  }, options.heartbeatIntervalMs ?? 30_000);
  heartbeat.unref?.();

  const upgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    void onUpgrade(request, socket, head);
  };
  httpServer.on('upgrade', upgradeListener);

  if (ownsServer) {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  }

  return {
    get port() {
      return (httpServer.address() as AddressInfo | null)?.port ?? 0;
    },
    isConnected: (userId) => (users.get(userId)?.sockets.size ?? 0) > 0,
    stats: () => bounds.stats(),
    async close() {
      clearInterval(heartbeat);
      httpServer.off('upgrade', upgradeListener);
      const closing = [...sockets.clients].map(
        (webSocket) =>
          new Promise<void>((resolve) => {
            webSocket.once('close', () => resolve());
            webSocket.close(CLOSE_GOING_AWAY, 'relay shutting down');
            // A peer that never answers the close handshake must not hold shutdown hostage.
            setTimeout(() => webSocket.terminate(), 1000).unref?.();
          }),
      );
      await Promise.all(closing);
      // Closing the sockets released their users; wait for those bridges too.
      for (const user of [...users.values()]) {
        user.holders = 1;
        releaseUser(user);
      }
      await Promise.all([...bridgesClosing]);
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      if (ownsServer) {
        await new Promise<void>((resolve) => {
          httpServer.close(() => resolve());
          httpServer.closeAllConnections();
        });
      }
    },
  };
}

function rawDataToText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
