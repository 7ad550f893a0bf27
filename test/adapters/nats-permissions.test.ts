/**
 * The NATS permissions docs/adapters.md prescribes, on a private nats-server:
 * calls still work, and a client cannot publish as someone else.
 */
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectNatsTransport } from '../../adapters/nats.js';
import type { Transport } from '../../adapters/transport.js';
import { startPrivateBroker, type PrivateBroker } from './private-broker.js';
import { collectMessages, waitFor } from './waiting.js';

const USERS = ['alice', 'bob', 'mallory'] as const;

function permissionsConfig(port: number): string {
  const users = USERS.map(
    (user) => `    {
      user: ${user}, password: "${user}-secret",
      permissions: {
        publish:   { allow: ["call-invitation.*.${user}"] },
        subscribe: { allow: ["call-invitation.${user}.*", "_INBOX_${user}.>"] },
        allow_responses: true
      }
    }`,
  );
  return `listen: 127.0.0.1:${port}\nauthorization {\n  users = [\n${users.join('\n')}\n  ]\n}\n`;
}

describe('nats with the documented permissions', () => {
  let broker: PrivateBroker;
  const connections: NatsConnection[] = [];
  const transports: Transport[] = [];

  beforeAll(async () => {
    broker = await startPrivateBroker('nats-server', {}, (directory) => ['-c', `${directory}/nats.conf`], (_directory, port) => ({
      'nats.conf': permissionsConfig(port),
    }));
  });
  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    await Promise.all(connections.map((connection) => connection.close()));
    await broker?.stop();
  });

  async function connectAs(user: (typeof USERS)[number]): Promise<{ connection: NatsConnection; transport: Transport }> {
    const connection = await connect({
      servers: `127.0.0.1:${broker.port}`,
      user,
      pass: `${user}-secret`,
      inboxPrefix: `_INBOX_${user}`,
    });
    connections.push(connection);
    const transport = await connectNatsTransport({ userId: user, connection });
    transports.push(transport);
    return { connection, transport };
  }

  it('delivers, answers PEER_OFFLINE, and refuses a publish under another name', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const mallory = await connectAs('mallory');
    const received = collectMessages(bob.transport);

    await alice.transport.send('bob', 'hello under permissions');
    await expect(alice.transport.send('nobody', 'hello?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    // mallory may not publish on a subject naming alice as the sender.
    mallory.connection.publish('call-invitation.bob.alice', 'spoofed');
    await mallory.transport.send('bob', 'marker');

    await waitFor(() => received.some((message) => message.data === 'marker'), 'the marker arrives');
    expect(received).toEqual([
      { from: 'alice', data: 'hello under permissions' },
      { from: 'mallory', data: 'marker' },
    ]);
  });
});
