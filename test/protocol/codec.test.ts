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
  { type: 'invite', id: 'abc', content: '{"video":true}', channelId: 'room-1' },
  { type: 'cancel', id: 'abc' },
  { type: 'confirm', id: 'abc' },
  { type: 'expire', id: 'abc' },
  { type: 'refusal-ack', id: 'abc' },
  { type: 'receipt', id: 'abc' },
  { type: 'accept', id: 'abc', response: 'ok' },
  { type: 'refuse', id: 'abc', response: '' },
  { type: 'cancel-ack', id: 'abc' },
];

describe('the wire format', () => {
  it.each(messages)('reads back what it wrote: $type', (message) => {
    expect(decodeMessage(encodeMessage(message))).toEqual({ ok: true, message });
  });

  it('writes version 1 JSON objects', () => {
    expect(JSON.parse(encodeMessage({ type: 'cancel', id: 'x' }))).toEqual({ v: 1, type: 'cancel', id: 'x' });
  });

  it('ignores unknown extra fields, so later minor revisions can add some', () => {
    expect(decodeMessage(JSON.stringify({ v: 1, type: 'cancel', id: 'x', hint: 'busy' }))).toEqual({
      ok: true,
      message: { type: 'cancel', id: 'x' },
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
    [JSON.stringify({ v: '1', type: 'cancel', id: 'x' }), 'unsupported-version'],
    [JSON.stringify({ v: 1, type: 'cancel', id: '' }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: 'cancel', id: 'x'.repeat(65) }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: 'cancel', id: 7 }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: 'invite', id: 'x', content: 'a'.repeat(8193), channelId: '' }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: 'invite', id: 'x', content: '', channelId: 'c'.repeat(65) }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: 'invite', id: 'x', content: '' }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: 'refuse', id: 'x', response: 3 }), 'invalid-field'],
    [JSON.stringify({ v: 1, type: '__proto__', id: 'x' }), 'unknown-type'],
  ])('refuses %j as %s', (frame, reason) => {
    expect(decodeMessage(frame)).toEqual({ ok: false, reason });
  });

  it('accepts a full 8 KB payload even when every byte is escaped', () => {
    const content = '\u0001'.repeat(8192);
    const frame = encodeMessage({ type: 'invite', id: 'x', content, channelId: '\u0002'.repeat(64) });
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
