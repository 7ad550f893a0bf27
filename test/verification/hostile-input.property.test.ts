/** Invariant 7: hostile input from a transport. */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createCallKit } from '../../index.js';
import { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, utf8ByteLength } from '../../protocol/limits.js';
import { decodeMessage, encodeMessage, isValidInvitationId } from '../../protocol/codec.js';
import { hostileFramesProperty } from './hostile-input.js';
import { createScriptedTransport } from './harness/scripted-transport.js';
import { propertyParameters } from './run-settings.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

const anyFrame = fc.oneof(
  fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true }),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => new TextDecoder().decode(bytes)),
  fc.json(),
  fc.jsonValue().map((value) => JSON.stringify({ v: 2, ...(typeof value === 'object' && value !== null ? value : { value }) })),
);

describe('the wire decoder (invariant 7)', () => {
  it('never throws, and whatever it accepts is a valid message that encodes back to itself', () => {
    fc.assert(
      fc.property(anyFrame, (frame) => {
        const decoded = decodeMessage(frame);
        if (!decoded.ok) return;
        const { message } = decoded;
        expect(isValidInvitationId(message.id)).toBe(true);
        if (message.type === 'invite') {
          expect(utf8ByteLength(message.content)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
          expect(utf8ByteLength(message.channelId)).toBeLessThanOrEqual(MAX_CHANNEL_ID_BYTES);
        }
        if (message.type === 'accept' || message.type === 'refuse') {
          expect(utf8ByteLength(message.response)).toBeLessThanOrEqual(MAX_PAYLOAD_BYTES);
        }
        expect(decodeMessage(encodeMessage(message))).toEqual(decoded);
      }),
      propertyParameters(2000),
    );
  });
});

describe('the kit under hostile frames (invariant 7)', () => {
  it('does not throw, fire a callback or move an invitation on garbage, spoofed senders or replays of ended invitations', async () => {
    await fc.assert(hostileFramesProperty(), propertyParameters(60));
  });

  it('rings at most maxIncomingInvitations at once however many strangers invite', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 5 }), fc.uniqueArray(fc.string({ minLength: 1, maxLength: 16 }), { minLength: 1, maxLength: 60 }), async (limit, senders) => {
        const wire = createScriptedTransport('alice');
        const kit = createCallKit({ userId: 'alice', transport: wire.transport, maxIncomingInvitations: limit });
        let rang = 0;
        kit.on('remoteInvitationReceived', () => rang++);
        for (const sender of senders) wire.deliverMessage(sender, { type: 'invite', id: 'same-id', content: '', channelId: '' });
        await vi.advanceTimersByTimeAsync(0);
        expect(rang).toBe(Math.min(limit, senders.length));
        expect(kit.stats().liveRemoteInvitations).toBe(Math.min(limit, senders.length));
        expect(kit.stats().dropped['too-many-invitations'] ?? 0).toBe(Math.max(0, senders.length - limit));
        await kit.close();
        expect(vi.getTimerCount()).toBe(0);
      }),
      propertyParameters(50),
    );
  });
});
