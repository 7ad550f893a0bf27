/**
 * The Mosquitto ACL docs/adapters.md prescribes, on a private broker:
 * presence and messages still work, and a client cannot publish as someone else.
 */
import { execFileSync } from 'node:child_process';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMqttTransport } from '../../adapters/mqtt.js';
import type { Transport } from '../../adapters/transport.js';
import { startPrivateBroker, type PrivateBroker } from './private-broker.js';
import { collectMessages, waitFor } from './waiting.js';

const ACL = `pattern write call-invitation/message/+/%u
pattern read  call-invitation/message/%u/+
pattern write call-invitation/presence/%u/%c
pattern read  call-invitation/presence/#
`;

describe('mqtt with the documented Mosquitto ACL', () => {
  let broker: PrivateBroker;
  const transports: Transport[] = [];
  const rawClients: MqttClient[] = [];

  beforeAll(async () => {
    broker = await startPrivateBroker(
      'mosquitto',
      { acl: ACL },
      (directory) => ['-c', `${directory}/mosquitto.conf`],
      (directory, port) => {
        const passwords = `${directory}/passwd`;
        for (const user of ['alice', 'bob', 'mallory']) {
          execFileSync('mosquitto_passwd', [...(user === 'alice' ? ['-c'] : []), '-b', passwords, user, `${user}-secret`]);
        }
        return {
          'mosquitto.conf': [
            // Started as root, Mosquitto would switch to its own user and lose access to this directory.
            'user root',
            `listener ${port} 127.0.0.1`,
            'allow_anonymous false',
            `password_file ${passwords}`,
            `acl_file ${directory}/acl`,
            'persistence false',
          ].join('\n'),
        };
      },
    );
  });
  afterAll(async () => {
    await Promise.all(transports.map((transport) => transport.close()));
    await Promise.all(rawClients.map((client) => client.endAsync()));
    await broker?.stop();
  });

  async function connectAs(user: string): Promise<Transport> {
    const transport = await connectMqttTransport({
      url: `mqtt://127.0.0.1:${broker.port}`,
      userId: user,
      clientOptions: { username: user, password: `${user}-secret` },
    });
    transports.push(transport);
    return transport;
  }

  it('delivers, answers PEER_OFFLINE, and drops a publish under another name', async () => {
    const alice = await connectAs('alice');
    const bob = await connectAs('bob');
    const mallory = await connectAs('mallory');
    const received = collectMessages(bob);

    await alice.send('bob', 'hello under the ACL');
    await expect(alice.send('nobody', 'hello?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    const impostor = await connectAsync(`mqtt://127.0.0.1:${broker.port}`, { username: 'mallory', password: 'mallory-secret' });
    rawClients.push(impostor);
    await impostor.publishAsync('call-invitation/message/bob/alice', 'spoofed', { qos: 1 });
    await impostor.publishAsync('call-invitation/message/bob/mallory', 'marker', { qos: 1 });

    await waitFor(() => received.some((message) => message.data === 'marker'), 'the marker arrives');
    expect(received).toEqual([
      { from: 'alice', data: 'hello under the ACL' },
      { from: 'mallory', data: 'marker' },
    ]);
    expect(mallory.localId).toBe('mallory');
  });
});
