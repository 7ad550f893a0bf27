import type { IClientOptions, MqttClient } from 'mqtt';
import type { Transport } from './transport.js';
import { MessageHandlers } from './internal/message-handlers.js';
import { DEFAULT_MAX_MESSAGE_BYTES, fitsInBytes } from './internal/message-size.js';
import { importOptionalPeer } from './internal/optional-peer.js';
import { decodeStrictUtf8 } from './internal/strict-utf8.js';
import { messageTooLarge, notConnected, peerOffline } from './internal/transport-errors.js';
import { assertTopicSafePrefix, assertTopicSafeUserId, isTopicSafeUserId } from './internal/user-id-rules.js';

const ADAPTER = 'mqtt';

/** The payload of a presence topic while its connection is up; an empty retained payload clears it. */
const ONLINE = 'online';

/** Options of {@link connectMqttTransport}. */
export interface MqttTransportOptions {
  /** Broker URL, e.g. `mqtt://127.0.0.1:1883` or `wss://broker.example/mqtt` in a browser. */
  url: string;
  /** The user this transport acts as; must be the MQTT username the broker authenticates (ACLs use `%u`). */
  userId: string;
  /** First level of every topic. Default `call-invitation`. */
  topicPrefix?: string;
  /**
   * Passed to mqtt.js `connect` (username, password, TLS, keepalive...).
   * `clientId` and `will` are the adapter's: presence depends on them.
   */
  clientOptions?: Omit<IClientOptions, 'clientId' | 'will'>;
  /** Bound on one message's `data`, in UTF-8 bytes. Default 64 KiB. */
  maxMessageBytes?: number;
  /**
   * How long `send` waits for a peer's presence to show up before answering
   * PEER_OFFLINE. A peer that connected a moment ago may have its `online`
   * still in flight to us; without this grace it would look offline to
   * whoever calls it first. Default 250 ms.
   */
  presenceGraceMs?: number;
}

/**
 * A {@link Transport} over an MQTT broker with mqtt.js 5.
 *
 * Messages: alice → bob is published (QoS 1) on `<prefix>/message/bob/alice`;
 * bob subscribes to `<prefix>/message/bob/+` and reads the sender from the
 * last level. A Mosquitto ACL `pattern write <prefix>/message/+/%u` makes
 * that level proof of the sender.
 *
 * Presence: each connection keeps a retained `online` on
 * `<prefix>/presence/<user>/<clientId>` and registers an empty retained
 * last-will there, so the broker clears it when the connection dies; a
 * graceful `close()` clears it too. Every transport follows
 * `<prefix>/presence/+/+` and answers PEER_OFFLINE for users with no live
 * connection. A peer that vanished without a clean disconnect stays listed
 * until the broker's keepalive (1.5 × `keepalive`) notices.
 *
 * The adapter owns the MQTT connection (the will is part of connecting):
 * `close()` ends it.
 */
export async function connectMqttTransport(options: MqttTransportOptions): Promise<Transport> {
  const { userId } = options;
  const prefix = options.topicPrefix ?? 'call-invitation';
  assertTopicSafeUserId(userId, ADAPTER);
  assertTopicSafePrefix(prefix, ADAPTER);
  const { connect } = await importOptionalPeer(() => import('mqtt'), 'mqtt', 'call-invitation/adapters/mqtt');
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const clientId = `${userId}-${Math.random().toString(36).slice(2, 10)}`;
  const inbox = `${prefix}/message/${userId}/`;
  const presencePrefix = `${prefix}/presence/`;
  const ownPresenceTopic = `${presencePrefix}${userId}/${clientId}`;
  const handlers = new MessageHandlers();
  /** Live connections per user, as their retained presence topics say. */
  const presence = new Map<string, Set<string>>();
  /** Sends waiting for a user's presence to appear, woken by {@link updatePresence}. */
  const presenceWaiters = new Map<string, Set<() => void>>();
  const presenceGraceMs = options.presenceGraceMs ?? 250;
  let closed = false;

  const client: MqttClient = connect(options.url, {
    ...options.clientOptions,
    clientId,
    will: { topic: ownPresenceTopic, payload: Buffer.alloc(0), qos: 1, retain: true },
  });

  // Resolves when our own `online` comes back through the presence
  // subscription: the broker sends the retained statuses before it, so by
  // then `presence` lists everyone who was online when we joined.
  let markPresenceSynced: () => void = () => {};
  const presenceSynced = new Promise<void>((resolve) => {
    markPresenceSynced = resolve;
  });

  client.on('message', (topic, payload) => {
    if (topic.startsWith(inbox)) {
      const from = topic.slice(inbox.length);
      if (!isTopicSafeUserId(from) || payload.byteLength > maxMessageBytes) return;
      const data = decodeStrictUtf8(payload);
      if (data !== null) handlers.deliver(from, data);
      return;
    }
    if (topic.startsWith(presencePrefix)) {
      const [user, connectionId, ...rest] = topic.slice(presencePrefix.length).split('/');
      if (user === undefined || connectionId === undefined || rest.length > 0 || !isTopicSafeUserId(user)) return;
      updatePresence(user, connectionId, payload.byteLength === ONLINE.length && payload.toString() === ONLINE);
      if (topic === ownPresenceTopic) markPresenceSynced();
    }
  });

  function updatePresence(user: string, connectionId: string, online: boolean): void {
    const connections = presence.get(user) ?? new Set<string>();
    if (online) connections.add(connectionId);
    else connections.delete(connectionId);
    if (connections.size > 0) presence.set(user, connections);
    else presence.delete(user);
    if (online) for (const wake of presenceWaiters.get(user) ?? []) wake();
  }

  /** Resolves true once `user` is present, or false after the grace period. */
  function awaitPresence(user: string): Promise<boolean> {
    if (presence.has(user)) return Promise.resolve(true);
    return new Promise((resolve) => {
      const waiters = presenceWaiters.get(user) ?? new Set<() => void>();
      presenceWaiters.set(user, waiters);
      const settle = (present: boolean) => {
        clearTimeout(timer);
        waiters.delete(wake);
        if (waiters.size === 0) presenceWaiters.delete(user);
        resolve(present);
      };
      const wake = () => settle(true);
      const timer = setTimeout(() => settle(presence.has(user)), presenceGraceMs);
      waiters.add(wake);
    });
  }

  // mqtt.js re-subscribes after a reconnect, but the will has cleared our
  // status in the meantime, so it is announced again on every connect.
  client.on('connect', () => {
    void client.publishAsync(ownPresenceTopic, ONLINE, { qos: 1, retain: true }).catch(() => {});
  });
  // Errors are reported through failed operations; an 'error' event with no
  // listener would otherwise be thrown by the EventEmitter.
  client.on('error', () => {});

  try {
    await waitForFirstConnect(client);
    const grants = await client.subscribeAsync({ [`${inbox}+`]: { qos: 1 }, [`${presencePrefix}+/+`]: { qos: 1 } });
    // 128 is SUBACK's "failure": the ACL refused the topic, and the presence
    // echo below would never arrive.
    const refused = grants.filter((grant) => grant.qos === 128).map((grant) => grant.topic);
    if (refused.length > 0) throw new Error(`the broker refused subscriptions to ${refused.join(', ')} (check the ACL)`);
    await client.publishAsync(ownPresenceTopic, ONLINE, { qos: 1, retain: true });
    await withTimeout(presenceSynced, 10_000, 'our own presence never came back (check the ACL allows writing and reading presence)');
  } catch (error) {
    await client.endAsync(true);
    throw notConnected(ADAPTER, `cannot connect to ${options.url}: ${error instanceof Error ? error.message : String(error)}`);
  }

  return {
    localId: userId,
    async send(peerId, data) {
      if (closed || !client.connected) throw notConnected(ADAPTER, closed ? 'the transport is closed' : 'reconnecting to the broker');
      if (!fitsInBytes(data, maxMessageBytes)) throw messageTooLarge(ADAPTER, maxMessageBytes);
      if (!isTopicSafeUserId(peerId) || !(await awaitPresence(peerId))) throw peerOffline(ADAPTER, peerId);
      if (closed || !client.connected) throw notConnected(ADAPTER);
      try {
        await client.publishAsync(`${prefix}/message/${peerId}/${userId}`, data, { qos: 1 });
      } catch (error) {
        throw notConnected(ADAPTER, `publish failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    onMessage: (handler) => handlers.add(handler),
    async close() {
      if (closed) return;
      closed = true;
      handlers.clear();
      if (client.connected) {
        // Clearing the retained status (not just going away) keeps the broker
        // from storing one topic per connection forever.
        await client.publishAsync(ownPresenceTopic, Buffer.alloc(0), { qos: 1, retain: true }).catch(() => {});
      }
      await client.endAsync();
    },
  };
}

/**
 * Resolves on the first CONNACK; rejects on the first error or close before
 * it, so a wrong URL or credentials fail fast instead of retrying forever.
 */
function waitForFirstConnect(client: MqttClient): Promise<void> {
  return new Promise((resolve, reject) => {
    const settle = (error: Error | null) => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
      if (error === null) resolve();
      else reject(error);
    };
    const onConnect = () => settle(null);
    const onError = (error: Error) => settle(error);
    const onClose = () => settle(new Error('connection closed before the broker accepted it'));
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
