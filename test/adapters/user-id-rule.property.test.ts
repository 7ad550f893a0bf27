/**
 * One user-id rule for the whole package: every adapter's check agrees with
 * the kit's (`createCallKit` accepts the id), so an id a transport accepts,
 * authenticates or reports as a sender is one the kit accepts too. The broker
 * adapters may accept fewer ids (only topic-safe characters), never more.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createCallKit } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { createBroadcastChannelTransport } from '../../adapters/broadcast-channel.js';
import { fitsInBytes } from '../../adapters/internal/message-size.js';
import { assertTopicSafeUserId, isTopicSafeUserId } from '../../adapters/internal/user-id-rules.js';
import { decodeClientFrame, decodeRelayFrame } from '../../adapters/websocket/relay-frame.js';
import type { RelayServer } from '../../adapters/websocket-server/index.js';
import { connectClient, startRelay } from './websocket-harness.js';
import { RUN_ID } from './waiting.js';

/** Whether the kit takes `userId`: the reference every adapter must agree with. */
async function kitAccepts(userId: string): Promise<boolean> {
  const network = createMemoryNetwork({ latency: { minMs: 0, maxMs: 0 }, lossRate: 0, duplicateRate: 0, seed: 1 });
  const transport = network.connect(userId);
  try {
    const kit = createCallKit({ userId, transport });
    await kit.close();
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    await transport.close();
    return false;
  }
}

function throwsTypeError(run: () => unknown): boolean {
  try {
    run();
    return false;
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return true;
  }
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).length;

/** Units of every UTF-8 width (1 to 4 bytes) and lone surrogates (3 bytes once encoded). */
const mixedWidthUnit = fc.constantFrom('a', 'Z', '-', 'é', 'ß', '€', '中', '😀', '\ud800', '\udc00');

/** Ids just below, at and just above 64 bytes, in one- to four-byte characters. */
const boundaryIds = [
  'a'.repeat(63),
  'a'.repeat(64),
  'a'.repeat(65),
  'é'.repeat(32),
  `${'é'.repeat(32)}a`,
  `${'€'.repeat(21)}a`,
  `${'€'.repeat(21)}é`,
  '😀'.repeat(16),
  `${'😀'.repeat(16)}a`,
  `${'\ud800'.repeat(21)}a`,
  `${'\ud800'.repeat(21)}ab`,
];

/** Generated user ids: any text, multi-byte text around the 64-byte boundary, and topic-safe text around 64 characters. */
const userIds = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: mixedWidthUnit, minLength: 10, maxLength: 70 }),
  fc.string({ unit: fc.constantFrom(...'abcXYZ019_=@~-'), minLength: 0, maxLength: 70 }),
  fc.constantFrom('', ...boundaryIds),
);

describe('the user-id rule shared by the kit and every adapter', () => {
  it('counts bytes for message bounds the way TextEncoder does', () => {
    fc.assert(
      fc.property(fc.string({ unit: mixedWidthUnit, maxLength: 40 }), fc.nat({ max: 120 }), (text, limit) => {
        expect(fitsInBytes(text, limit)).toBe(utf8Bytes(text) <= limit);
      }),
    );
  });

  it('accepts in the kit exactly the non-empty ids of at most 64 bytes of UTF-8', async () => {
    await fc.assert(
      fc.asyncProperty(userIds, async (userId) => {
        expect(await kitAccepts(userId)).toBe(userId.length > 0 && utf8Bytes(userId) <= 64);
      }),
    );
  });

  it('routes relay frames to and from exactly the ids the kit accepts', async () => {
    await fc.assert(
      fc.asyncProperty(userIds, async (userId) => {
        const accepted = await kitAccepts(userId);
        expect(decodeClientFrame(JSON.stringify({ type: 'send', id: 1, to: userId, data: 'x' })) !== null).toBe(accepted);
        expect(decodeRelayFrame(JSON.stringify({ type: 'message', from: userId, data: 'x' })) !== null).toBe(accepted);
        expect(decodeRelayFrame(JSON.stringify({ type: 'welcome', version: 1, userId })) !== null).toBe(accepted);
      }),
    );
  });

  it('opens a BroadcastChannel transport for exactly the ids the kit accepts', async () => {
    await fc.assert(
      fc.asyncProperty(userIds, async (userId) => {
        const accepted = await kitAccepts(userId);
        let transport: ReturnType<typeof createBroadcastChannelTransport> | undefined;
        const refused = throwsTypeError(() => {
          transport = createBroadcastChannelTransport({ userId, channelName: `user-id-rule-${RUN_ID}` });
        });
        await transport?.close();
        expect(refused).toBe(!accepted);
      }),
    );
  });

  it('lets the broker adapters accept only ids the kit accepts, and every topic-safe one of them', async () => {
    await fc.assert(
      fc.asyncProperty(userIds, async (userId) => {
        const accepted = await kitAccepts(userId);
        const topicSafe = isTopicSafeUserId(userId);
        if (topicSafe) expect(accepted).toBe(true);
        if (/^[A-Za-z0-9_=@~-]*$/.test(userId)) expect(topicSafe).toBe(accepted);
        expect(throwsTypeError(() => assertTopicSafeUserId(userId, 'test'))).toBe(!topicSafe);
      }),
    );
  });
});

describe('the relay and the BroadcastChannel adapter at the 64-byte boundary', () => {
  let relay: RelayServer | undefined;
  afterEach(async () => {
    await relay?.close();
    relay = undefined;
  });

  it.each(boundaryIds)('the relay authenticates %j exactly when the kit accepts it', async (userId) => {
    const authenticated = userId;
    relay = await startRelay({ authenticate: () => authenticated });
    const server = relay;
    const connected = await connectClient(server, 'ignored', { reconnect: false }).then(
      async (transport) => {
        expect(transport.localId).toBe(userId);
        // The authenticated id must be one a kit can be created with, over this very transport.
        const kit = createCallKit({ userId: transport.localId, transport });
        await kit.close();
        return true;
      },
      () => false,
    );
    expect(connected).toBe(await kitAccepts(userId));
  });

  it.each(boundaryIds)('a tab hears a message from %j exactly when the kit accepts that sender', async (senderId) => {
    const channelName = `user-id-boundary-${RUN_ID}`;
    const receiver = createBroadcastChannelTransport({ userId: 'receiver', channelName });
    const heard: string[] = [];
    const lastHeard = new Promise<void>((resolve) => {
      receiver.onMessage((from, data) => {
        heard.push(from);
        if (data === 'last') resolve();
      });
    });
    const raw = new BroadcastChannel(channelName);
    try {
      raw.postMessage({ kind: 'message', id: 'boundary-1', from: senderId, to: 'receiver', data: 'probe' });
      // One sender's messages arrive in order: once 'last' is heard, the probe was kept or dropped.
      raw.postMessage({ kind: 'message', id: 'boundary-2', from: 'marker', to: 'receiver', data: 'last' });
      await lastHeard;
      expect(heard.includes(senderId)).toBe(await kitAccepts(senderId));
    } finally {
      raw.close();
      await receiver.close();
    }
  });
});
