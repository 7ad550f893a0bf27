import { describe, expect, it } from 'vitest';
import {
  MAX_FRAME_LENGTH,
  decodeMessage,
  encodeMessage,
  isValidInvitationId,
  utf8ByteLength,
  type WireMessage,
} from '../../protocol/index.js';

const messages: WireMessage[] = [
  { type: 'invite', id: 'abc', device: 'phone', content: '{"video":true}', channelId: 'room-1' },
  { type: 'cancel', id: 'abc', device: 'phone', content: '{"video":true}', reason: 'busy' },
  { type: 'confirm', id: 'abc', device: 'phone', to: 'laptop' },
  { type: 'expire', id: 'abc', device: 'phone' },
  { type: 'refusal-ack', id: 'abc', device: 'phone', to: 'laptop' },
  { type: 'receipt', id: 'abc', device: 'laptop', to: 'phone' },
  { type: 'accept', id: 'abc', device: 'laptop', to: 'phone', response: 'ok' },
  { type: 'refuse', id: 'abc', device: 'laptop', to: 'phone', response: '', reason: 'declined' },
  { type: 'cancel-ack', id: 'abc', device: 'laptop', to: 'phone' },
];

describe('the wire format', () => {
  it.each(messages)('reads back what it wrote: $type', (message) => {
    expect(decodeMessage(encodeMessage(message))).toEqual({ ok: true, message });
  });

  it('writes version 2 JSON objects', () => {
    expect(JSON.parse(encodeMessage({ type: 'expire', id: 'x', device: 'd' }))).toEqual({
      v: 2,
      type: 'expire',
      id: 'x',
      device: 'd',
    });
  });

  it('ignores unknown extra fields, so later minor revisions can add some', () => {
    expect(decodeMessage(JSON.stringify({ v: 2, type: 'expire', id: 'x', device: 'd', hint: 'busy' }))).toEqual({
      ok: true,
      message: { type: 'expire', id: 'x', device: 'd' },
    });
  });

  it.each([
    [undefined, 'not-a-string'],
    [new Uint8Array([1, 2]), 'not-a-string'],
    ['x'.repeat(MAX_FRAME_LENGTH + 1), 'oversized'],
    ['{', 'malformed-json'],
    ['null', 'not-an-object'],
    ['"invite"', 'not-an-object'],
    [JSON.stringify({ type: 'cancel', id: 'x' }), 'unsupported-version'],
    [JSON.stringify({ v: '2', type: 'expire', id: 'x', device: 'd' }), 'unsupported-version'],
    [JSON.stringify({ v: 3, type: 'expire', id: 'x', device: 'd' }), 'unsupported-version'],
    // A peer of version 1 knows no devices: its frames are refused with their own reason.
    [JSON.stringify({ v: 1, type: 'cancel', id: 'x' }), 'legacy-version'],
    [JSON.stringify({ v: 1, type: 'invite', id: 'x', content: '', channelId: '' }), 'legacy-version'],
    [JSON.stringify({ v: 2, type: 'expire', id: '', device: 'd' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'expire', id: 'x'.repeat(65), device: 'd' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'expire', id: 7, device: 'd' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'expire', id: 'x' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'expire', id: 'x', device: 'a b' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'receipt', id: 'x', device: 'd' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'confirm', id: 'x', device: 'd', to: '' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'invite', id: 'x', device: 'd', content: 'a'.repeat(8193), channelId: '' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'invite', id: 'x', device: 'd', content: '', channelId: 'c'.repeat(65) }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'invite', id: 'x', device: 'd', content: '' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'cancel', id: 'x', device: 'd', content: '' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'cancel', id: 'x', device: 'd', content: '', reason: 'r'.repeat(65) }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'refuse', id: 'x', device: 'd', to: 'e', response: 3, reason: '' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: 'refuse', id: 'x', device: 'd', to: 'e', response: '' }), 'invalid-field'],
    [JSON.stringify({ v: 2, type: '__proto__', id: 'x', device: 'd', to: 'e' }), 'unknown-type'],
  ])('refuses %j as %s', (frame, reason) => {
    expect(decodeMessage(frame)).toEqual({ ok: false, reason });
  });

  it('accepts a full 8 KB payload even when every byte is escaped', () => {
    const content = '\u0001'.repeat(8192);
    const frame = encodeMessage({ type: 'invite', id: 'x'.repeat(64), device: 'd'.repeat(64), content, channelId: '\u0002'.repeat(64) });
    expect(frame.length).toBeGreaterThan(6 * 8192);
    expect(decodeMessage(frame)).toMatchObject({ ok: true });
  });
});

describe('limits', () => {
  it('counts UTF-8 bytes, including four-byte characters and lone surrogates', () => {
    expect(utf8ByteLength('')).toBe(0);
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('€')).toBe(3);
    expect(utf8ByteLength('😀')).toBe(4);
    expect(utf8ByteLength('\ud800')).toBe(3);
    expect(utf8ByteLength('\udc00x')).toBe(4);
    for (const text of ['mixed 😀 € é a', '\ud83d\ude00\ud83d', 'z\u0000']) {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    }
  });

  it('takes invitation ids of 1 to 64 URL-safe characters only', () => {
    expect(isValidInvitationId('aZ09_-')).toBe(true);
    expect(isValidInvitationId('a'.repeat(64))).toBe(true);
    expect(isValidInvitationId('a'.repeat(65))).toBe(false);
    expect(isValidInvitationId('a b')).toBe(false);
    expect(isValidInvitationId('é')).toBe(false);
  });
});
