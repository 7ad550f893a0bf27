import type { Transport } from '../transport.js';
import { MessageHandlers, type MessageHandler } from '../internal/message-handlers.js';
import { fitsInBytes } from '../internal/message-size.js';
import { messageTooLarge, notConnected, peerOffline } from '../internal/transport-errors.js';
import { reconnectDelayMs, type ReconnectBackoff } from './reconnect-backoff.js';
import { DEFAULT_MAX_FRAME_BYTES, decodeRelayFrame, encodeFrame, type RejectedFrame, type RelayToClientFrame } from './relay-frame.js';
import { globalWebSocket, WEBSOCKET_OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

const ADAPTER = 'websocket';

/** Options of {@link connectWebSocketTransport}. */
export interface WebSocketTransportOptions {
  /**
   * The relay's URL. A function is called before every (re)connection, so it
   * can mint a fresh token: browsers cannot set headers on a WebSocket, so
   * credentials usually travel in the query string or a cookie.
   */
  url: string | (() => string | Promise<string>);
  /** Subprotocols to offer, another place a browser can carry a token. */
  protocols?: string | string[];
  /** The WebSocket class to use when the host has no global one (e.g. `WebSocket` from `ws` on Node 20). */
  WebSocket?: WebSocketConstructor;
  /** Reconnection backoff after an unexpected disconnect, or `false` to stay down. */
  reconnect?: ReconnectBackoff | false;
  /** Bound on one frame in either direction, in UTF-8 bytes. Match the relay's. Default 128 KiB. */
  maxFrameBytes?: number;
  /**
   * How long a `send` waits for the relay's answer. A relay that does not
   * answer in time is presumed dead: the socket is dropped and re-dialled.
   * Default 10 000 ms.
   */
  answerTimeoutMs?: number;
}

/**
 * Where the connection stands. `reconnecting` carries the attempt number and
 * the delay before it, so an app can show "reconnecting in 4 s".
 */
export type WebSocketTransportStatus =
  | { type: 'connected' }
  | { type: 'reconnecting'; attempt: number; delayMs: number }
  | { type: 'closed'; reason: string };

/** A {@link Transport} over the relay, with its connection status observable. */
export interface WebSocketTransport extends Transport {
  /** The current connection status. */
  readonly status: WebSocketTransportStatus;
  /** Calls `handler` on every status change; returns a function that stops it. */
  onStatusChange(handler: (status: WebSocketTransportStatus) => void): () => void;
}

interface PendingSend {
  peerId: string;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Connects to a relay (see `createRelayServer` in
 * `call-invitation/adapters/websocket-server`) and resolves once the relay has
 * authenticated this client; `localId` is the id the relay chose, never one
 * the client claims. Rejects when that first connection fails. After that, the
 * transport reconnects with backoff on its own; while it is down, `send`
 * rejects with `NOT_CONNECTED` (the call protocol re-sends what matters).
 */
export async function connectWebSocketTransport(options: WebSocketTransportOptions): Promise<WebSocketTransport> {
  const WebSocketClass = options.WebSocket ?? globalWebSocket();
  if (WebSocketClass === undefined) {
    // Browsers and Node 22+ have one; on Node 20 the app brings `ws`, which this client never imports itself.
    throw new TypeError(
      `${ADAPTER}: this host has no global WebSocket; install the optional peer dependency "ws" ` +
        "(`npm install ws`) and pass its class: connectWebSocketTransport({ url, WebSocket })",
    );
  }
  const connection = new RelayConnection(options, WebSocketClass);
  await connection.firstWelcome;
  return connection.transport;
}

class RelayConnection {
  readonly transport: WebSocketTransport;
  readonly firstWelcome: Promise<void>;

  readonly #options: WebSocketTransportOptions;
  readonly #WebSocket: WebSocketConstructor;
  readonly #maxFrameBytes: number;
  readonly #handlers = new MessageHandlers();
  readonly #statusHandlers = new Set<(status: WebSocketTransportStatus) => void>();
  readonly #pending = new Map<number, PendingSend>();
  #socket: WebSocketLike | null = null;
  #socketClosed: Promise<void> = Promise.resolve();
  #welcomed = false;
  #localId = '';
  #status: WebSocketTransportStatus = { type: 'reconnecting', attempt: 0, delayMs: 0 };
  #nextFrameId = 0;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | null = null;
  #settleFirstWelcome: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(options: WebSocketTransportOptions, WebSocketClass: WebSocketConstructor) {
    this.#options = options;
    this.#WebSocket = WebSocketClass;
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.firstWelcome = new Promise((resolve, reject) => {
      this.#settleFirstWelcome = { resolve, reject };
    });
    const connection = this;
    this.transport = {
      get localId() {
        return connection.#localId;
      },
      get status() {
        return connection.#status;
      },
      send: (peerId, data) => this.#send(peerId, data),
      onMessage: (handler: MessageHandler) => this.#handlers.add(handler),
      onStatusChange: (handler) => {
        this.#statusHandlers.add(handler);
        return () => {
          this.#statusHandlers.delete(handler);
        };
      },
      close: () => this.#close('closed by the app'),
    };
    void this.#dial();
  }

  async #dial(): Promise<void> {
    let url: string;
    try {
      url = typeof this.#options.url === 'string' ? this.#options.url : await this.#options.url();
    } catch (error) {
      this.#onSocketGone(error instanceof Error ? error.message : 'url provider failed');
      return;
    }
    if (this.#status.type === 'closed') return;
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket(url, this.#options.protocols);
    } catch (error) {
      this.#onSocketGone(error instanceof Error ? error.message : 'cannot open socket');
      return;
    }
    this.#socket = socket;
    this.#socketClosed = new Promise((resolve) => socket.addEventListener('close', () => resolve()));
    socket.addEventListener('message', (event) => {
      if (this.#socket === socket) this.#onFrame(event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.#socket === socket) this.#onSocketGone(`socket closed (${event.code}${event.reason ? ` ${event.reason}` : ''})`);
    });
    // Errors are always followed by 'close', which does the work; listening
    // keeps Node's `ws` from treating the error as unhandled.
    socket.addEventListener('error', () => {});
  }

  #onFrame(raw: unknown): void {
    // Binary frames and oversized text are not part of the format: drop them
    // before parsing, so a broken or hostile relay costs at most one bounded scan.
    if (typeof raw !== 'string' || !fitsInBytes(raw, this.#maxFrameBytes)) return;
    const frame = decodeRelayFrame(raw);
    if (frame !== null) this.#onRelayFrame(frame);
  }

  #onRelayFrame(frame: RelayToClientFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.#onWelcome(frame.userId);
        return;
      case 'message':
        if (this.#welcomed) this.#handlers.deliver(frame.from, frame.data);
        return;
      case 'accepted':
        this.#settle(frame.id, null);
        return;
      case 'rejected':
        this.#settle(frame.id, frame.code);
        return;
    }
  }

  #onWelcome(userId: string): void {
    if (this.#welcomed) return;
    if (this.#localId !== '' && userId !== this.#localId) {
      // A transport's identity is fixed for its lifetime; the app must build a
      // new kit for a new user rather than have messages change owner mid-call.
      void this.#close(`relay authenticated ${JSON.stringify(userId)} instead of ${JSON.stringify(this.#localId)}`);
      return;
    }
    this.#localId = userId;
    this.#welcomed = true;
    this.#attempt = 0;
    this.#setStatus({ type: 'connected' });
    this.#settleFirstWelcome?.resolve();
    this.#settleFirstWelcome = null;
  }

  #send(peerId: string, data: string): Promise<void> {
    const socket = this.#socket;
    if (this.#status.type !== 'connected' || socket === null || socket.readyState !== WEBSOCKET_OPEN) {
      return Promise.reject(notConnected(ADAPTER, this.#status.type === 'closed' ? 'the transport is closed' : 'reconnecting to the relay'));
    }
    const id = this.#nextFrameId++;
    const frame = encodeFrame({ type: 'send', id, to: peerId, data });
    if (!fitsInBytes(frame, this.#maxFrameBytes)) return Promise.reject(messageTooLarge(ADAPTER, this.#maxFrameBytes));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(notConnected(ADAPTER, 'the relay did not answer'));
        if (this.#socket === socket) socket.close(4000, 'relay did not answer');
      }, this.#options.answerTimeoutMs ?? 10_000);
      this.#pending.set(id, { peerId, resolve, reject, timer });
      socket.send(frame);
    });
  }

  #settle(id: number, rejection: RejectedFrame['code'] | null): void {
    const pending = this.#pending.get(id);
    if (pending === undefined) return;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    if (rejection === null) pending.resolve();
    else if (rejection === 'PEER_OFFLINE') pending.reject(peerOffline(ADAPTER, pending.peerId));
    else if (rejection === 'MESSAGE_TOO_LARGE') pending.reject(messageTooLarge(ADAPTER, this.#maxFrameBytes));
    else pending.reject(notConnected(ADAPTER, 'the relay cannot reach the rest of the deployment'));
  }

  #onSocketGone(reason: string): void {
    this.#socket = null;
    this.#welcomed = false;
    this.#rejectPending();
    if (this.#status.type === 'closed') return;
    if (this.#settleFirstWelcome !== null) {
      // The first connection decides whether connectWebSocketTransport
      // succeeds; retrying silently would hide a wrong URL or credentials.
      this.#settleFirstWelcome.reject(notConnected(ADAPTER, `cannot connect to the relay: ${reason}`));
      this.#settleFirstWelcome = null;
      void this.#close(reason);
      return;
    }
    if (this.#options.reconnect === false) {
      void this.#close(reason);
      return;
    }
    const delayMs = reconnectDelayMs(this.#attempt, this.#options.reconnect ?? {});
    this.#attempt += 1;
    this.#setStatus({ type: 'reconnecting', attempt: this.#attempt, delayMs });
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = null;
      void this.#dial();
    }, delayMs);
  }

  #rejectPending(): void {
    for (const [id, pending] of this.#pending) {
      this.#pending.delete(id);
      clearTimeout(pending.timer);
      pending.reject(notConnected(ADAPTER, 'the connection dropped before the relay answered'));
    }
  }

  /** Resolves once the socket, if one was open, has finished closing, so no handle outlives `close()`. */
  #close(reason: string): Promise<void> {
    if (this.#status.type === 'closed') return this.#socketClosed;
    if (this.#retryTimer !== null) clearTimeout(this.#retryTimer);
    this.#retryTimer = null;
    const socket = this.#socket;
    this.#socket = null;
    this.#welcomed = false;
    this.#setStatus({ type: 'closed', reason });
    this.#rejectPending();
    this.#handlers.clear();
    this.#statusHandlers.clear();
    socket?.close(1000, 'closed');
    return this.#socketClosed;
  }

  #setStatus(status: WebSocketTransportStatus): void {
    this.#status = status;
    for (const handler of [...this.#statusHandlers]) handler(status);
  }
}
