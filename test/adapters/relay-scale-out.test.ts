/**
 * Two relay instances joined by a broker bridge: the shape of a deployment
 * that has outgrown one machine. Kits on different instances call each other.
 */
import { connect as connectNats } from '@nats-io/transport-node';
import { createClient } from 'redis';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallKit, type CallKit } from '../../index.js';
import { connectNatsTransport } from '../../adapters/nats.js';
import { connectRedisTransport } from '../../adapters/redis.js';
import type { Transport } from '../../adapters/transport.js';
import type { RelayBridge, RelayServer } from '../../adapters/websocket-server/index.js';
import { BROKERS, requireBroker } from './brokers.js';
import { RUN_ID, collectMessages, eventually, uniqueUserIds, waitFor } from './waiting.js';
import { connectClient, startRelay } from './websocket-harness.js';

const prefix = `ci-scale-${RUN_ID}`;

interface BridgeFixture {
  bridge: RelayBridge;
  close(): Promise<void>;
}

/** Each relay instance holds its own broker connections, as separate machines would. */
const bridges: Record<'redis' | 'nats', () => Promise<BridgeFixture>> = {
  async redis() {
    await requireBroker(BROKERS.redis);
    const publisher = createClient({ url: `redis://${BROKERS.redis.host}:${BROKERS.redis.port}` });
    await publisher.connect();
    const subscriber = publisher.duplicate();
    await subscriber.connect();
    return {
      bridge: { connect: (userId) => connectRedisTransport({ userId, publisher, subscriber, channelPrefix: prefix }) },
      async close() {
        await subscriber.close();
        await publisher.close();
      },
    };
  },
  async nats() {
    await requireBroker(BROKERS.nats);
    const connection = await connectNats({ servers: `${BROKERS.nats.host}:${BROKERS.nats.port}` });
    return {
      bridge: { connect: (userId) => connectNatsTransport({ userId, connection, subjectPrefix: prefix }) },
      close: () => connection.close(),
    };
  },
};

describe.each(['redis', 'nats'] as const)('relays bridged through %s', (broker) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function bridgedRelay(): Promise<RelayServer> {
    const fixture = await bridges[broker]();
    cleanups.push(() => fixture.close());
    const relay = await startRelay({ bridge: fixture.bridge });
    cleanups.push(() => relay.close());
    return relay;
  }

  async function clientOn(relay: RelayServer, userId: string): Promise<Transport> {
    const transport = await connectClient(relay, userId);
    cleanups.push(() => transport.close());
    return transport;
  }

  it('delivers between users on different instances, and reports users connected nowhere as offline', async () => {
    const [aliceId, bobId, ghostId] = uniqueUserIds('alice', 'bob', 'ghost');
    const east = await bridgedRelay();
    const west = await bridgedRelay();
    const alice = await clientOn(east, aliceId);
    const bob = await clientOn(west, bobId);
    const received = collectMessages(bob);

    await alice.send(bobId, 'across the bridge');
    await waitFor(() => received.length === 1, 'bob receives on the other instance');
    expect(received).toEqual([{ from: aliceId, data: 'across the bridge' }]);
    await expect(alice.send(ghostId, 'anyone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
  });

  it('delivers to every device of a user wherever it is connected, and reports offline only when none is left', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const east = await bridgedRelay();
    const west = await bridgedRelay();
    const alice = await clientOn(east, aliceId);
    const phone = await clientOn(east, bobId);
    const laptop = await clientOn(west, bobId);
    const onPhone = collectMessages(phone);
    const onLaptop = collectMessages(laptop);

    await alice.send(bobId, 'to every device');
    await waitFor(() => onPhone.length === 1 && onLaptop.length === 1, 'both devices receive, on both instances');
    expect([onPhone, onLaptop]).toEqual([[{ from: aliceId, data: 'to every device' }], [{ from: aliceId, data: 'to every device' }]]);

    await phone.close();
    await alice.send(bobId, 'to the laptop');
    await waitFor(() => onLaptop.length === 2, 'the laptop on the other instance still receives');
    await laptop.close();
    await eventually(async () => {
      await expect(alice.send(bobId, 'gone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    }, 'alice sees bob offline once no instance holds a device of his');
  });

  it('completes a call between kits on different instances', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const east = await bridgedRelay();
    const west = await bridgedRelay();
    const timeouts = { acknowledgeMs: 4000, answerMs: 6000, confirmMs: 3000, resendMs: 150 };
    const alice: CallKit = createCallKit({ userId: aliceId, transport: await clientOn(east, aliceId), timeouts });
    const bob: CallKit = createCallKit({ userId: bobId, transport: await clientOn(west, bobId), timeouts });
    cleanups.push(() => alice.close(), () => bob.close());
    let calleeState = '';
    bob.on('remoteInvitationReceived', (invitation) => {
      invitation.on('accepted', () => {
        calleeState = invitation.state;
      });
      invitation.accept('on my way');
    });
    let response: string | null = null;
    const invitation = alice.createLocalInvitation(bobId, { channelId: 'room-1' });
    invitation.on('accepted', (text) => {
      response = text;
    });
    expect(invitation.send()).toBe('OK');

    await waitFor(() => response !== null && calleeState !== '', 'both sides reach accepted');
    expect(response).toBe('on my way');
    expect([invitation.state, calleeState]).toEqual(['ACCEPTED_BY_REMOTE', 'ACCEPTED']);
  });
});
