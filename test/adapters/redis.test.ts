import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { connectRedisTransport } from '../../adapters/redis.js';
import { BROKERS, requireBroker } from './brokers.js';
import { runTransportConformance } from './conformance.js';
import { RUN_ID, collectMessages, uniqueUserIds, waitFor } from './waiting.js';

const url = `redis://${BROKERS.redis.host}:${BROKERS.redis.port}`;
const channelPrefix = `ci-test-${RUN_ID}`;

runTransportConformance({
  name: 'redis',
  async createSubject() {
    await requireBroker(BROKERS.redis);
    // One publisher and one subscriber for every user, as a relay bridge
    // shares them; the attacker below gets a connection of its own.
    const publisher = createClient({ url });
    await publisher.connect();
    const subscriber = publisher.duplicate();
    await subscriber.connect();
    const aclUsers: string[] = [];

    /**
     * A client bound by the ACL docs/adapters.md prescribes: it may publish
     * only on channels that end with its own id.
     */
    async function connectAsRestrictedUser(userId: string) {
      const password = `pw-${RUN_ID}`;
      await publisher.sendCommand([
        'ACL', 'SETUSER', userId, 'reset', 'on', `>${password}`, 'resetchannels',
        `&${channelPrefix}:*:${userId}`, `&${channelPrefix}:${userId}:*`,
        '-@all', '+publish', '+psubscribe', '+punsubscribe', '+ping', '+hello', '+auth',
      ]);
      aclUsers.push(userId);
      const client = createClient({ url, username: userId, password });
      client.on('error', () => {});
      await client.connect();
      return client;
    }

    return {
      connect: (userId) => connectRedisTransport({ userId, publisher, subscriber, channelPrefix }),
      async injectRawFrame(attackerId, recipientId, frame) {
        // PUBLISH answers after Redis has queued the message to subscribers.
        await publisher.publish(`${channelPrefix}:${recipientId}:${attackerId}`, frame);
        await publisher.publish(`${channelPrefix}:${recipientId}:${attackerId}:extra`, 'a sender name with a separator');
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        const attacker = await connectAsRestrictedUser(attackerId);
        try {
          await attacker.publish(`${channelPrefix}:${recipientId}:${impersonatedId}`, 'spoofed').catch(() => 0);
          await attacker.publish(`${channelPrefix}:${recipientId}:${impersonatedId}:${attackerId}`, 'spoofed').catch(() => 0);
          await attacker.publish(`${channelPrefix}:${recipientId}:${attackerId}`, JSON.stringify({ from: impersonatedId }));
          await attacker.publish(`${channelPrefix}:${recipientId}:${attackerId}`, marker);
        } finally {
          attacker.destroy();
        }
      },
      async dispose() {
        if (aclUsers.length > 0) await publisher.sendCommand(['ACL', 'DELUSER', ...aclUsers]);
        await subscriber.close();
        await publisher.close();
      },
    };
  },
});

describe('redis devices on connections of their own', () => {
  it('reaches every device, and still reaches the others after one closes its connection', async () => {
    await requireBroker(BROKERS.redis);
    const connected = new Set<() => Promise<void>>();
    /** One device as an app runs it: its own publisher and subscriber, released by `disconnect`. */
    async function device(userId: string) {
      const publisher = createClient({ url });
      await publisher.connect();
      const subscriber = publisher.duplicate();
      await subscriber.connect();
      const transport = await connectRedisTransport({ userId, publisher, subscriber, channelPrefix });
      const disconnect = async () => {
        connected.delete(disconnect);
        await transport.close();
        await subscriber.close();
        await publisher.close();
      };
      connected.add(disconnect);
      return { transport, disconnect };
    }
    try {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await device(aliceId);
      const phone = await device(bobId);
      const laptop = await device(bobId);
      const onPhone = collectMessages(phone.transport);
      const onLaptop = collectMessages(laptop.transport);
      await alice.transport.send(bobId, 'to both');
      await waitFor(() => onPhone.length === 1 && onLaptop.length === 1, 'both devices receive');
      await phone.disconnect();
      await alice.transport.send(bobId, 'to the laptop');
      await waitFor(() => onLaptop.length === 2, 'the laptop still receives');
      expect(onLaptop).toEqual([
        { from: aliceId, data: 'to both' },
        { from: aliceId, data: 'to the laptop' },
      ]);
      await laptop.disconnect();
      await expect(alice.transport.send(bobId, 'gone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    } finally {
      await Promise.all([...connected].map((disconnect) => disconnect()));
    }
  });
});
