/**
 * Invariant 5 at the limits: any valid UTF-8 up to 8192 bytes (content,
 * response) or 64 bytes (channelId) arrives byte-exact; one byte more is
 * INVALID_ARGUMENT and nothing goes on the wire.
 */
import fc from 'fast-check';
import { vi } from 'vitest';
import { createCallKit, type RemoteInvitation } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, utf8ByteLength } from '../../protocol/limits.js';
import type { ChartsUnderTest } from './harness/world.js';

/** A string of exactly `bytes` bytes of UTF-8: the generated code points that fit, then ASCII padding. */
function exactlyBytes(seedText: string, bytes: number): string {
  let text = '';
  let used = 0;
  for (const codePoint of seedText) {
    const size = utf8ByteLength(codePoint);
    if (used + size > bytes) break;
    text += codePoint;
    used += size;
  }
  return text + 'a'.repeat(bytes - used);
}

/** Valid UTF-8 (any code point, no lone surrogate) of at most `limit` bytes, biased to the limit itself. */
export function textWithin(limit: number): fc.Arbitrary<string> {
  const size = fc.oneof(fc.constant(limit), fc.constant(limit - 1), fc.integer({ min: 0, max: limit }));
  return fc
    .tuple(fc.string({ unit: 'binary', maxLength: Math.min(limit, 600) }), size)
    .map(([seedText, bytes]) => exactlyBytes(seedText.repeat(Math.ceil(limit / Math.max(1, utf8ByteLength(seedText)))), bytes));
}

/** Valid UTF-8 just over `limit` bytes; some of it made of multi-byte characters, so it is short in UTF-16 units. */
export function textOver(limit: number): fc.Arbitrary<string> {
  const multiByte = fc
    .constantFrom('é', '€', '😀', 'ह')
    .map((character) => character.repeat(Math.floor(limit / utf8ByteLength(character)) + 1));
  const padded = fc
    .tuple(fc.string({ unit: 'binary', maxLength: 50 }), fc.integer({ min: 1, max: 8 }))
    .map(([seedText, extra]) => exactlyBytes(seedText, limit + extra));
  return fc.oneof(multiByte, padded);
}

async function twoKits(charts: ChartsUnderTest) {
  const network = createMemoryNetwork({ seed: 1 });
  const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), machines: charts });
  const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), machines: charts });
  const ringing: RemoteInvitation[] = [];
  bob.on('remoteInvitationReceived', (invitation) => ringing.push(invitation));
  const close = async () => {
    await Promise.all([alice.close(), bob.close()]);
    vi.clearAllTimers();
  };
  return { network, alice, bob, ringing, close };
}

/** Payloads up to the limits arrive exactly, both ways. */
export function payloadsWithinLimitsProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(
    textWithin(MAX_PAYLOAD_BYTES),
    textWithin(MAX_CHANNEL_ID_BYTES),
    textWithin(MAX_PAYLOAD_BYTES),
    fc.boolean(),
    async (content, channelId, response, accepts) => {
      const { alice, ringing, close } = await twoKits(charts);
      try {
        const invitation = alice.createLocalInvitation('bob', { content, channelId });
        let heard: string | undefined;
        const hear = (answer: string) => {
          heard = answer;
        };
        if (accepts) invitation.on('accepted', hear);
        else invitation.on('refused', hear);
        if (invitation.send() !== 'OK') throw new Error(`send refused ${utf8ByteLength(content)}/${utf8ByteLength(channelId)} bytes`);
        await vi.advanceTimersByTimeAsync(0);
        const [remote] = ringing;
        if (!remote) throw new Error('the invitation did not ring');
        if (remote.content !== content) throw new Error(`content changed (${utf8ByteLength(content)} bytes)`);
        if (remote.channelId !== channelId) throw new Error(`channelId changed: ${JSON.stringify(channelId)}`);
        const answer = accepts ? remote.accept(response) : remote.refuse(response);
        if (answer !== 'OK') throw new Error(`${accepts ? 'accept' : 'refuse'} answered ${answer}`);
        await vi.advanceTimersByTimeAsync(0);
        if (heard !== response) throw new Error(`response changed (${utf8ByteLength(response)} bytes)`);
      } finally {
        await close();
      }
    },
  );
}

/** One byte over a limit: INVALID_ARGUMENT, unchanged state, nothing sent. */
export function payloadsOverLimitsProperty(charts: ChartsUnderTest = {}) {
  const oversizedInvite = fc.oneof(
    fc.record({ content: textOver(MAX_PAYLOAD_BYTES), channelId: fc.constant('') }),
    fc.record({ content: fc.constant(''), channelId: textOver(MAX_CHANNEL_ID_BYTES) }),
  );
  return fc.asyncProperty(oversizedInvite, textOver(MAX_PAYLOAD_BYTES), fc.boolean(), async (invite, response, accepts) => {
    const { network, alice, ringing, close } = await twoKits(charts);
    try {
      const refused = alice.createLocalInvitation('bob', invite);
      const sendAnswer = refused.send();
      if (sendAnswer !== 'INVALID_ARGUMENT') throw new Error(`send of an oversized invite answered ${sendAnswer}`);
      if (refused.state !== 'IDLE') throw new Error(`the refused invitation is ${refused.state}`);
      await vi.advanceTimersByTimeAsync(0);
      if (network.stats().sent !== 0) throw new Error('an oversized invite went on the wire');

      const sent = alice.createLocalInvitation('bob');
      sent.send();
      await vi.advanceTimersByTimeAsync(0);
      const [remote] = ringing;
      if (!remote) throw new Error('the invitation did not ring');
      const sentBefore = network.stats().sent;
      const answer = accepts ? remote.accept(response) : remote.refuse(response);
      if (answer !== 'INVALID_ARGUMENT') throw new Error(`${accepts ? 'accept' : 'refuse'} of an oversized response answered ${answer}`);
      if (remote.state !== 'INVITATION_RECEIVED') throw new Error(`the callee moved to ${remote.state}`);
      await vi.advanceTimersByTimeAsync(0);
      if (network.stats().sent !== sentBefore) throw new Error('an oversized response went on the wire');
    } finally {
      await close();
    }
  });
}
