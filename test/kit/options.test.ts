import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { createCallKit } from '../../index.js';

describe('createCallKit options', () => {
  it('rejects a user id the protocol cannot carry, and a transport for someone else', () => {
    const network = createMemoryNetwork();
    expect(() => createCallKit({ userId: '', transport: network.connect('x') })).toThrow(TypeError);
    expect(() => createCallKit({ userId: 'alice', transport: network.connect('mallory') })).toThrow(/localId/);
  });

  it('rejects timeouts that are not positive durations', () => {
    const network = createMemoryNetwork();
    expect(() =>
      createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts: { answerMs: 0 } }),
    ).toThrow(/answerMs/);
    expect(() =>
      createCallKit({ userId: 'bob', transport: network.connect('bob'), timeouts: { resendMs: Number.NaN } }),
    ).toThrow(RangeError);
  });
});

describe('createCallKit admission options', () => {
  it('rejects per-caller and total bounds that are not non-negative integers', () => {
    const network = createMemoryNetwork();
    const transport = network.connect('alice');
    for (const bad of [-1, 1.5, Number.NaN, Infinity]) {
      expect(() => createCallKit({ userId: 'alice', transport, maxIncomingInvitationsPerCaller: bad })).toThrow(
        /maxIncomingInvitationsPerCaller/,
      );
      expect(() => createCallKit({ userId: 'alice', transport, maxIncomingInvitations: bad })).toThrow(/maxIncomingInvitations/);
    }
  });

  it('rejects an invite rate that is not positive, and accepts Infinity to turn it off', async () => {
    const network = createMemoryNetwork();
    const transport = network.connect('alice');
    for (const bad of [0, -5, Number.NaN]) {
      expect(() => createCallKit({ userId: 'alice', transport, maxInvitesPerCallerPerSecond: bad })).toThrow(RangeError);
    }
    await createCallKit({ userId: 'alice', transport, maxInvitesPerCallerPerSecond: Infinity }).close();
  });
});
