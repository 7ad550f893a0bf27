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
    // A second raw tab that sees the channel as every transport does: a frame posted after the
    // others reaches it only once they were dispatched, which is when injectRawFrame may resolve.
    const observer = new BroadcastChannel(channelName);
    const handled = (barrier: string) =>
      new Promise<void>((resolve) => {
        const onMessage = (event: MessageEvent) => {
          if (event.data === barrier) {
            observer.removeEventListener('message', onMessage);
            resolve();
          }
        };
        observer.addEventListener('message', onMessage);
      });
    return {
      async connect(userId) {
        return createBroadcastChannelTransport({ userId, channelName, receiptTimeoutMs: 200 });
      },
      async injectRawFrame(attackerId, recipientId, frame) {
        post(frame);
        // The same garbage in a well-formed envelope, padded past any sane bound.
        post({ kind: 'message', id: `raw-${nextId++}`, from: attackerId, to: recipientId, data: frame.padEnd(1024 * 1024, ' ') });
        const barrier = `barrier-${nextId++}`;
        const done = handled(barrier);
        post(barrier);
        await done;
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        post({ kind: 'message', id: `raw-${nextId++}`, from: impersonatedId, to: recipientId, data: 'spoofed' });
        post({ kind: 'message', id: `raw-${nextId++}`, from: attackerId, to: recipientId, data: marker });
      },
      async dispose() {
        rawChannel.close();
        observer.close();
      },
    };
  },
});
