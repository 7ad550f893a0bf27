import type { RelayServer } from '../../adapters/websocket-server/index.js';
import { runTransportConformance } from './conformance.js';
import { closed, connectClient, openRawSocket, startRelay } from './websocket-harness.js';

runTransportConformance({
  name: 'websocket',
  async createSubject() {
    const relay: RelayServer = await startRelay();
    return {
      connect: (userId) => connectClient(relay, userId),
      async injectRawFrame(attackerId, _recipientId, frame) {
        // Anything but a well-formed frame makes the relay close the socket,
        // so its close marks the frame as handled.
        const socket = await openRawSocket(relay, attackerId);
        socket.send(frame);
        await closed(socket);
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        const socket = await openRawSocket(relay, attackerId);
        const answers = new Promise<void>((resolve) => {
          let count = 0;
          socket.on('message', () => {
            count += 1;
            if (count === 2) resolve();
          });
        });
        // Extra fields naming someone else are exactly what the relay must ignore.
        socket.send(JSON.stringify({ type: 'send', id: 1, to: recipientId, data: 'spoofed', from: impersonatedId, userId: impersonatedId }));
        socket.send(JSON.stringify({ type: 'send', id: 2, to: recipientId, data: marker }));
        await answers;
        socket.close();
        await closed(socket);
      },
      dispose: () => relay.close(),
    };
  },
});
