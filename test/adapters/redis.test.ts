import { createClient } from 'redis';
import { connectRedisTransport } from '../../adapters/redis.js';
import { BROKERS, requireBroker } from './brokers.js';
import { runTransportConformance } from './conformance.js';
import { RUN_ID } from './waiting.js';

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
