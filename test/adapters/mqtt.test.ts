import { connectAsync } from 'mqtt';
import { connectMqttTransport } from '../../adapters/mqtt.js';
import { BROKERS, requireBroker } from './brokers.js';
import { runTransportConformance } from './conformance.js';
import { RUN_ID } from './waiting.js';

const url = `mqtt://${BROKERS.mosquitto.host}:${BROKERS.mosquitto.port}`;
const topicPrefix = `ci-test-${RUN_ID}`;

runTransportConformance({
  name: 'mqtt',
  async createSubject() {
    await requireBroker(BROKERS.mosquitto);
    // Without the ACL (docs/adapters.md, mosquitto-acl.test.ts) any client may publish anywhere.
    const raw = await connectAsync(url, { clientId: `injector-${RUN_ID}` });
    return {
      connect: (userId) => connectMqttTransport({ url, userId, topicPrefix }),
      async injectRawFrame(attackerId, recipientId, frame) {
        // QoS 1: the broker acknowledges after routing the message.
        await raw.publishAsync(`${topicPrefix}/message/${recipientId}/${attackerId}`, frame, { qos: 1 });
        await raw.publishAsync(`${topicPrefix}/message/${recipientId}/${attackerId}`, Buffer.from([0xff, 0xfe]), { qos: 1 });
        await raw.publishAsync(`${topicPrefix}/presence/${recipientId}/garbage`, frame, { qos: 1 });
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        await raw.publishAsync(`${topicPrefix}/message/${recipientId}/${attackerId}`, JSON.stringify({ from: impersonatedId }), { qos: 1 });
        await raw.publishAsync(`${topicPrefix}/message/${recipientId}/${attackerId}`, marker, { qos: 1 });
      },
      dispose: () => raw.endAsync(),
    };
  },
});
