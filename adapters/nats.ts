import type { Transport } from './transport.js';
import { MessageHandlers } from './internal/message-handlers.js';
import { DEFAULT_MAX_MESSAGE_BYTES, fitsInBytes } from './internal/message-size.js';
import { decodeStrictUtf8 } from './internal/strict-utf8.js';
import { messageTooLarge, notConnected, peerOffline } from './internal/transport-errors.js';
import { assertTopicSafePrefix, assertTopicSafeUserId, isTopicSafeUserId } from './internal/user-id-rules.js';

const ADAPTER = 'nats';

/** The part of a nats.js message the adapter reads. */
export interface NatsMessage {
  readonly subject: string;
  readonly data: Uint8Array;
  readonly reply?: string;
  respond(payload?: string): boolean;
}

/**
 * The part of a nats.js (v3) `NatsConnection` the adapter uses; the result of
 * `connect()` from `@nats-io/transport-node`, or `wsconnect()` from
 * `@nats-io/nats-core` in a browser, fits. The adapter never imports nats.js.
 */
export interface NatsConnectionLike {
  subscribe(subject: string, options: { callback: (error: Error | null, message: NatsMessage) => void }): { unsubscribe(): void };
  request(subject: string, payload: string, options: { timeout: number }): Promise<unknown>;
  flush(): Promise<void>;
  isClosed(): boolean;
}

/** Options of {@link connectNatsTransport}. */
export interface NatsTransportOptions {
  /** The user this transport acts as; must match the NATS user's permissions (see docs/adapters.md). */
  userId: string;
  /**
   * A connection authenticated as `userId`. Give it `inboxPrefix: '_INBOX_<userId>'`
   * so the permissions can keep other users off its reply subjects.
   */
  connection: NatsConnectionLike;
  /** First token of every subject. Default `call-invitation`. */
  subjectPrefix?: string;
  /** Bound on one message's `data`, in UTF-8 bytes. Default 64 KiB (NATS's own default cap is 1 MiB). */
  maxMessageBytes?: number;
  /** How long `send` waits for the recipient's receipt. Default 5000 ms. */
  receiptTimeoutMs?: number;
}

/**
 * A {@link Transport} over core NATS with nats.js v3.
 *
 * A message from alice to bob is a request on `<prefix>.bob.alice`; bob
 * subscribes to `<prefix>.bob.*`, reads the sender from the subject's last
 * token, and answers with an empty receipt. When nobody subscribes, the
 * server itself answers "no responders" at once, which is PEER_OFFLINE.
 * Permissions that let each user publish only on `<prefix>.*.<self>` make
 * the subject proof of the sender.
 *
 * The connection stays the caller's: `close()` ends this transport's
 * subscription and leaves the connection open.
 */
export async function connectNatsTransport(options: NatsTransportOptions): Promise<Transport> {
  const { userId, connection } = options;
  const prefix = options.subjectPrefix ?? 'call-invitation';
  assertTopicSafeUserId(userId, ADAPTER);
  assertTopicSafePrefix(prefix, ADAPTER);
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const receiptTimeoutMs = options.receiptTimeoutMs ?? 5000;
  const inbox = `${prefix}.${userId}.`;
  const handlers = new MessageHandlers();
  let closed = false;

  const subscription = connection.subscribe(`${inbox}*`, {
    callback(error, message) {
      if (error !== null || !message.subject.startsWith(inbox)) return;
      const from = message.subject.slice(inbox.length);
      if (!isTopicSafeUserId(from) || message.data.byteLength > maxMessageBytes) return;
      const data = decodeStrictUtf8(message.data);
      if (data === null) return;
      // The receipt goes before delivery so a slow handler cannot make the
      // sender's request time out; it says "bob is here", not "bob acted".
      if (message.reply !== undefined) message.respond('');
      handlers.deliver(from, data);
    },
  });
  // Subscriptions are registered asynchronously; flushing waits for the
  // server, so a peer's first send cannot see "no responders" for us.
  await connection.flush();

  return {
    localId: userId,
    async send(peerId, data) {
      if (closed || connection.isClosed()) throw notConnected(ADAPTER);
      if (!isTopicSafeUserId(peerId)) throw peerOffline(ADAPTER, peerId);
      if (!fitsInBytes(data, maxMessageBytes)) throw messageTooLarge(ADAPTER, maxMessageBytes);
      try {
        await connection.request(`${prefix}.${peerId}.${userId}`, data, { timeout: receiptTimeoutMs });
      } catch (error) {
        if (isNoRespondersError(error)) throw peerOffline(ADAPTER, peerId);
        if (connection.isClosed()) throw notConnected(ADAPTER, 'the NATS connection is closed');
        throw error;
      }
    },
    onMessage: (handler) => handlers.add(handler),
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      if (!connection.isClosed()) {
        subscription.unsubscribe();
        await connection.flush().catch(() => {});
      }
    },
  };
}

/**
 * nats.js v3 rejects a request nobody listens to with a `RequestError` whose
 * `isNoResponders()` is true (cause `NoRespondersError`). Checked by shape,
 * not `instanceof`, so two copies of nats-core in one bundle still agree.
 */
function isNoRespondersError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as { isNoResponders?: unknown; cause?: unknown };
  if (typeof candidate.isNoResponders === 'function') return Boolean((candidate.isNoResponders as () => unknown).call(error));
  return typeof candidate.cause === 'object' && candidate.cause !== null && (candidate.cause as { name?: unknown }).name === 'NoRespondersError';
}
