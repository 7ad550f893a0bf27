/**
 * The real transports of items 3 and 4, against the brokers on loopback that
 * scripts/ensure-services.sh starts. Each run uses its own topic prefix so
 * that a benchmark never meets a test running against the same broker.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { connect as connectNats, type NatsConnection } from '@nats-io/transport-node';
import { createClient } from 'redis';
import WebSocket from 'ws';
import { connectMqttTransport } from '../../adapters/mqtt.js';
import { connectNatsTransport } from '../../adapters/nats.js';
import { connectRedisTransport } from '../../adapters/redis.js';
import type { Transport } from '../../adapters/transport.js';
import { connectWebSocketTransport } from '../../adapters/websocket/index.js';
import { createRelayServer } from '../../adapters/websocket-server/index.js';

export type TransportName = 'websocket' | 'redis' | 'nats' | 'mqtt';

export interface TransportFactory {
  /** Connects `userId`, resolving once it can receive. */
  connect(userId: string): Promise<Transport>;
  /** Closes whatever the factory shares between users (relay, broker clients). */
  dispose(): Promise<void>;
}

/** A topic prefix no other run uses. Processes of one run must share it to reach each other. */
export function createRunPrefix(): string {
  return `bench-${randomBytes(4).toString('hex')}`;
}

/** Benchmark-only authentication: the relay takes the user id from `?user=`. */
function userFromQuery(request: IncomingMessage): string | null {
  return new URL(request.url ?? '/', 'http://relay').searchParams.get('user');
}

async function websocketFactory(): Promise<TransportFactory> {
  const relay = await createRelayServer({ authenticate: userFromQuery, host: '127.0.0.1', port: 0 });
  return {
    connect: (userId) =>
      connectWebSocketTransport({ url: `ws://127.0.0.1:${relay.port}/?user=${encodeURIComponent(userId)}`, WebSocket }),
    dispose: () => relay.close(),
  };
}

async function redisFactory(prefix: string): Promise<TransportFactory> {
  // One publisher and one subscriber per process, shared by all its users, as a relay bridge would.
  const publisher = createClient({ url: 'redis://127.0.0.1:6379' });
  await publisher.connect();
  const subscriber = publisher.duplicate();
  await subscriber.connect();
  return {
    connect: (userId) => connectRedisTransport({ userId, publisher, subscriber, channelPrefix: prefix }),
    async dispose() {
      await subscriber.close();
      await publisher.close();
    },
  };
}

async function natsFactory(prefix: string): Promise<TransportFactory> {
  // One connection per process: the benchmark broker has no per-user permissions to honour.
  const connection: NatsConnection = await connectNats({ servers: '127.0.0.1:4222' });
  return {
    connect: (userId) => connectNatsTransport({ userId, connection, subjectPrefix: prefix }),
    dispose: () => connection.close(),
  };
}

async function mqttFactory(prefix: string): Promise<TransportFactory> {
  return {
    connect: (userId) => connectMqttTransport({ url: process.env.BENCH_MQTT_URL ?? 'mqtt://127.0.0.1:1883', userId, topicPrefix: prefix }),
    dispose: async () => {},
  };
}

export function createTransportFactory(name: TransportName, prefix = createRunPrefix()): Promise<TransportFactory> {
  switch (name) {
    case 'websocket':
      return websocketFactory();
    case 'redis':
      return redisFactory(prefix);
    case 'nats':
      return natsFactory(prefix);
    case 'mqtt':
      return mqttFactory(prefix);
  }
}
