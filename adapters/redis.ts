import type { Transport } from './transport.js';
import { MessageHandlers } from './internal/message-handlers.js';
import { DEFAULT_MAX_MESSAGE_BYTES, fitsInBytes } from './internal/message-size.js';
import { messageTooLarge, notConnected, peerOffline } from './internal/transport-errors.js';
import { assertTopicSafePrefix, assertTopicSafeUserId, isTopicSafeUserId } from './internal/user-id-rules.js';

const ADAPTER = 'redis';

/**
 * The commands the adapter needs from a node-redis client in normal mode.
 * A `createClient()` result fits; the adapter never imports `redis` itself.
 */
export interface RedisPublisher {
  publish(channel: string, message: string): Promise<number>;
}

/** The commands the adapter needs from a node-redis client in subscriber mode (`client.duplicate()`). */
export interface RedisSubscriber {
  pSubscribe(pattern: string, listener: (message: string, channel: string) => unknown): Promise<void>;
  pUnsubscribe(pattern: string, listener: (message: string, channel: string) => unknown): Promise<void>;
}

/** Options of {@link connectRedisTransport}. */
export interface RedisTransportOptions {
  /** The user this transport acts as; must match the Redis ACL user (see docs/adapters.md). */
  userId: string;
  /** A connected client for PUBLISH. May be shared by many transports. */
  publisher: RedisPublisher;
  /**
   * A connected client in subscriber mode. May be shared by many transports
   * (a relay bridge shares one for all its users); each transport adds and
   * removes only its own pattern listener.
   */
  subscriber: RedisSubscriber;
  /** First segment of every channel; lets deployments and test runs share a Redis. Default `call-invitation`. */
  channelPrefix?: string;
  /** Bound on one message's `data`, in UTF-8 bytes. Default 64 KiB. */
  maxMessageBytes?: number;
}

/**
 * A {@link Transport} over Redis pub/sub, with node-redis clients.
 *
 * A message from alice to bob is published on `<prefix>:bob:alice`; bob
 * pattern-subscribes to `<prefix>:bob:*` and reads the sender from the
 * channel name, never from the payload. A Redis ACL that lets each user
 * publish only on `<prefix>:*:<self>` makes that name proof of the sender.
 * PUBLISH answers how many subscribers received the message; zero means
 * PEER_OFFLINE.
 *
 * The clients stay the caller's: `close()` removes this transport's
 * subscription and leaves the connections open.
 */
export async function connectRedisTransport(options: RedisTransportOptions): Promise<Transport> {
  const { userId, publisher, subscriber } = options;
  const prefix = options.channelPrefix ?? 'call-invitation';
  assertTopicSafeUserId(userId, ADAPTER);
  assertTopicSafePrefix(prefix, ADAPTER);
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const inbox = `${prefix}:${userId}:`;
  const handlers = new MessageHandlers();
  let closed = false;

  const onChannelMessage = (message: string, channel: string) => {
    if (!channel.startsWith(inbox)) return;
    const from = channel.slice(inbox.length);
    // The glob `*` also matches `:`, so a channel like `<prefix>:bob:x:alice`
    // reaches bob; refusing non-topic-safe senders keeps such a name from
    // being read as anyone the ACL did not vouch for.
    if (!isTopicSafeUserId(from) || !fitsInBytes(message, maxMessageBytes)) return;
    handlers.deliver(from, message);
  };
  await subscriber.pSubscribe(`${inbox}*`, onChannelMessage);

  return {
    localId: userId,
    async send(peerId, data) {
      if (closed) throw notConnected(ADAPTER);
      if (!isTopicSafeUserId(peerId)) throw peerOffline(ADAPTER, peerId);
      if (!fitsInBytes(data, maxMessageBytes)) throw messageTooLarge(ADAPTER, maxMessageBytes);
      let receivers: number;
      try {
        receivers = await publisher.publish(`${prefix}:${peerId}:${userId}`, data);
      } catch (error) {
        throw notConnected(ADAPTER, `PUBLISH failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (receivers === 0) throw peerOffline(ADAPTER, peerId);
    },
    onMessage: (handler) => handlers.add(handler),
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      await subscriber.pUnsubscribe(`${inbox}*`, onChannelMessage).catch(() => {
        // A subscriber that is already disconnected holds no subscription to remove.
      });
    },
  };
}
