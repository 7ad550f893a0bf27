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
