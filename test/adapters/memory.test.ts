import { describe, expect, it } from 'vitest';
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

describe('memory network with several devices per user', () => {
  it('counts one accepted send and one delivered copy per online device', async () => {
    const network = createMemoryNetwork();
    const alice = network.connect('alice');
    const phone = network.connect('bob');
    const laptop = network.connect('bob');
    const received: string[] = [];
    phone.onMessage((_from, data) => received.push(`phone:${data}`));
    laptop.onMessage((_from, data) => received.push(`laptop:${data}`));
    await alice.send('bob', 'ring');
    await Promise.resolve();
    expect(received.sort()).toEqual(['laptop:ring', 'phone:ring']);
    expect(network.stats()).toMatchObject({ sent: 1, delivered: 2 });
  });

  it('takes every device of a user offline and back with disconnect and reconnect', async () => {
    const network = createMemoryNetwork();
    const alice = network.connect('alice');
    const phone = network.connect('bob');
    const laptop = network.connect('bob');
    network.disconnect('bob');
    expect(network.isOnline('bob')).toBe(false);
    await expect(alice.send('bob', 'ring')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    await expect(phone.send('alice', 'hello')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await expect(laptop.send('alice', 'hello')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    network.reconnect('bob');
    await expect(alice.send('bob', 'ring')).resolves.toBeUndefined();
    await expect(laptop.send('alice', 'hello')).resolves.toBeUndefined();
  });

  it('keeps a user online until the last device closes', async () => {
    const network = createMemoryNetwork();
    const phone = network.connect('bob');
    const laptop = network.connect('bob');
    await phone.close();
    expect(network.isOnline('bob')).toBe(true);
    await laptop.close();
    expect(network.isOnline('bob')).toBe(false);
    expect(() => network.disconnect('bob')).toThrow(/not connected/);
  });

  it('loses each device copy on its own draw', async () => {
    const network = createMemoryNetwork({ lossRate: 1 });
    const alice = network.connect('alice');
    network.connect('bob');
    network.connect('bob');
    await alice.send('bob', 'ring');
    expect(network.stats()).toMatchObject({ sent: 1, lost: 2, delivered: 0 });
  });
});
