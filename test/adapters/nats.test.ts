import { connect } from '@nats-io/transport-node';
import { connectNatsTransport } from '../../adapters/nats.js';
import type { Transport } from '../../adapters/transport.js';
import { BROKERS, requireBroker } from './brokers.js';
import { runTransportConformance } from './conformance.js';
import { RUN_ID } from './waiting.js';

const servers = `${BROKERS.nats.host}:${BROKERS.nats.port}`;
const subjectPrefix = `ci-test-${RUN_ID}`;

runTransportConformance({
  name: 'nats',
  async createSubject() {
    await requireBroker(BROKERS.nats);
    // The injector stands for any client the server lets publish; without
    // permissions (docs/adapters.md, nats-permissions.test.ts) that is anyone.
    const raw = await connect({ servers });
    const encoder = new TextEncoder();
    return {
      async connect(userId): Promise<Transport> {
        const connection = await connect({ servers, inboxPrefix: `_INBOX_${userId}` });
        const transport = await connectNatsTransport({ userId, connection, subjectPrefix });
        return {
          localId: transport.localId,
          send: (peerId, data) => transport.send(peerId, data),
          onMessage: (handler) => transport.onMessage(handler),
          async close() {
            await transport.close();
            if (!connection.isClosed()) await connection.close();
          },
        };
      },
      async injectRawFrame(attackerId, recipientId, frame) {
        const subject = `${subjectPrefix}.${recipientId}.${attackerId}`;
        try {
          raw.publish(subject, frame);
        } catch {
          // nats.js refuses payloads above the server's max_payload itself.
        }
        raw.publish(subject, frame.slice(0, 70_000));
        raw.publish(subject, new Uint8Array([0xff, 0xfe, 0xfd]));
        await raw.flush();
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        // Within its own subject, all an attacker controls is the payload.
        raw.publish(`${subjectPrefix}.${recipientId}.${attackerId}`, encoder.encode(JSON.stringify({ from: impersonatedId })));
        raw.publish(`${subjectPrefix}.${recipientId}.${attackerId}`, marker);
        await raw.flush();
      },
      dispose: () => raw.close(),
    };
  },
});
