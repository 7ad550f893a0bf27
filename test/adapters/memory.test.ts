import { createMemoryNetwork } from '../../adapters/memory.js';
import type { Transport } from '../../adapters/transport.js';
import { runTransportConformance } from './conformance.js';

runTransportConformance({
  name: 'memory',
  hasNoSizeBound: true,
  async createSubject() {
    // No latency, loss or duplication: the suite checks the contract, and
    // the contract promises nothing under injected faults.
    const network = createMemoryNetwork();
    const transports = new Map<string, Transport>();
    return {
      async connect(userId) {
        const transport = network.connect(userId);
        transports.set(userId, transport);
        return transport;
      },
      // The memory network has no wire beneath `send`, and its `send` checks
      // nothing about the frame: sending is what a raw frame would be.
      async injectRawFrame(attackerId, recipientId, frame) {
        const attacker = transports.get(attackerId);
        if (attacker === undefined) throw new Error(`${attackerId} is not connected`);
        await attacker.send(recipientId, frame);
      },
      async impersonate({ attackerId, impersonatedId, recipientId, marker }) {
        const attacker = transports.get(attackerId);
        if (attacker === undefined) throw new Error(`${attackerId} is not connected`);
        await attacker.send(recipientId, JSON.stringify({ from: impersonatedId, data: 'spoofed' }));
        await attacker.send(recipientId, marker);
      },
      async dispose() {},
    };
  },
});
