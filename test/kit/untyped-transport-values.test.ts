import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Transport } from '../../adapters/transport.js';
import { createCallKit, type DropReason } from '../../index.js';
import { encodeMessage } from '../../protocol/codec.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A transport whose handler the test calls directly, with values of any type, so anything thrown reaches the test. */
function createUntypedTransport(localId: string): { transport: Transport; hand(from: unknown, data: unknown): void } {
  let handler: ((from: string, data: string) => void) | undefined;
  return {
    transport: {
      localId,
      send: () => Promise.resolve(),
      onMessage(registered) {
        handler = registered;
        return () => {
          handler = undefined;
        };
      },
      close: () => Promise.resolve(),
    },
    hand(from, data) {
      handler?.(from as string, data as string);
    },
  };
}

function throwing(): never {
  throw new Error('conversion refused');
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Values a custom or buggy transport might hand over; several throw when converted to a string. */
const hostileValues: ReadonlyArray<readonly [string, () => unknown]> = [
  ['an object whose toString throws', () => ({ toString: throwing })],
  ['an object whose Symbol.toPrimitive throws', () => ({ [Symbol.toPrimitive]: throwing })],
  ['an object whose valueOf and toString throw', () => ({ valueOf: throwing, toString: throwing })],
  ['an object with no prototype', () => Object.create(null) as object],
  ['a symbol', () => Symbol('sender')],
  ['a revoked proxy', revokedProxy],
  ['a proxy whose every trap throws', () => new Proxy({}, { get: throwing, has: throwing, getPrototypeOf: throwing, ownKeys: throwing })],
  ['a boxed string', () => new String('alice')],
  ['a number', () => 42],
  ['a bigint', () => 10n],
  ['undefined', () => undefined],
  ['null', () => null],
  ['a function', () => () => 'alice'],
  ['an array', () => ['alice']],
  ['a Uint8Array', () => new TextEncoder().encode('alice')],
];

const wellFormedInvite = encodeMessage({ type: 'invite', id: 'ok-id', device: 'alice-phone', content: '', channelId: '' });

describe('values of the wrong type from a transport', () => {
  it.each(hostileValues)('drops a sender that is %s without throwing, and counts it', async (_, makeValue) => {
    const wire = createUntypedTransport('bob');
    const bob = createCallKit({ userId: 'bob', transport: wire.transport });
    const dropped: Array<[DropReason, string]> = [];
    bob.on('messageDropped', (reason, from) => dropped.push([reason, from]));
    let rang = 0;
    bob.on('remoteInvitationReceived', () => rang++);
    expect(() => wire.hand(makeValue(), wellFormedInvite)).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    expect(rang).toBe(0);
    expect(bob.stats().dropped['invalid-sender']).toBe(1);
    expect(dropped).toHaveLength(1);
    expect(typeof dropped[0]![1]).toBe('string');
    await bob.close();
  });

  it.each(hostileValues)('drops data that is %s without throwing, and counts it', async (_, makeValue) => {
    const wire = createUntypedTransport('bob');
    const bob = createCallKit({ userId: 'bob', transport: wire.transport });
    let rang = 0;
    bob.on('remoteInvitationReceived', () => rang++);
    expect(() => wire.hand('alice', makeValue())).not.toThrow();
    await vi.advanceTimersByTimeAsync(0);
    expect(rang).toBe(0);
    expect(bob.stats().dropped['not-a-string']).toBe(1);
    await bob.close();
  });

  it('reports an over-long sender string cut short, not whole', async () => {
    const wire = createUntypedTransport('bob');
    const bob = createCallKit({ userId: 'bob', transport: wire.transport });
    const senders: string[] = [];
    bob.on('messageDropped', (_, from) => senders.push(from));
    wire.hand('m'.repeat(1 << 20), wellFormedInvite);
    await vi.advanceTimersByTimeAsync(0);
    expect(bob.stats().dropped['invalid-sender']).toBe(1);
    expect(senders[0]!.length).toBeLessThan(100);
    await bob.close();
  });
});
