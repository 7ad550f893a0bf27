import { createBroadcastChannelTransport } from '../../adapters/broadcast-channel.js';
import { runTransportConformance } from './conformance.js';
import { RUN_ID } from './waiting.js';

const channelName = `call-invitation-test-${RUN_ID}`;

runTransportConformance({
  name: 'broadcast-channel',
  senderIsUnauthenticated: true,
  async createSubject() {
    // Stands in for a hostile tab: it writes straight onto the channel.
    const rawChannel = new BroadcastChannel(channelName);
    let nextId = 0;
    const post = (message: unknown) => rawChannel.postMessage(message);
    return {
      async connect(userId) {
        return createBroadcastChannelTransport({ userId, channelName, receiptTimeoutMs: 200 });
      },
      async injectRawFrame(attackerId, recipientId, frame) {
        post(frame);
        // The same garbage in a well-formed envelope, padded past any sane bound.
        post({ kind: 'message', id: `raw-${nextId++}`, from: attackerId, to: recipientId, data: frame.padEnd(1024 * 1024, ' ') });
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        post({ kind: 'message', id: `raw-${nextId++}`, from: impersonatedId, to: recipientId, data: 'spoofed' });
        post({ kind: 'message', id: `raw-${nextId++}`, from: attackerId, to: recipientId, data: marker });
      },
      async dispose() {
        rawChannel.close();
      },
    };
  },
});
