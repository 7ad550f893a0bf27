/** Largest `content` (caller) or `response` (callee), in bytes of UTF-8. */
export const MAX_PAYLOAD_BYTES = 8192;
/** Largest `channelId`, in bytes of UTF-8. */
export const MAX_CHANNEL_ID_BYTES = 64;
/** Largest user id, in bytes of UTF-8. */
export const MAX_USER_ID_BYTES = 64;
/** Largest reason of a refusal or a cancel (`busy`, `declined`, an app's own word), in bytes of UTF-8. */
export const MAX_REASON_BYTES = 64;
/** Largest invitation id on the wire, in characters (ids are ASCII). */
export const MAX_INVITATION_ID_LENGTH = 64;
/**
 * Largest frame the decoder reads, in UTF-16 code units. A valid frame holds
 * at most one 8 KB payload plus a 64-byte channel id or reason
 * and three ASCII ids; JSON escaping can grow
 * each byte to six characters (`\u0000`), so this bound leaves room for any
 * valid frame and refuses anything larger before parsing it.
 */
export const MAX_FRAME_LENGTH = 6 * (MAX_PAYLOAD_BYTES + MAX_CHANNEL_ID_BYTES) + 1024;

/**
 * Length of `text` once encoded as UTF-8. Lone surrogates count as the three
 * bytes of U+FFFD, which is what `TextEncoder` writes for them.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** True when `value` is a string of at most `maxBytes` bytes of UTF-8. */
export function isStringWithin(value: unknown, maxBytes: number): value is string {
  // Each UTF-16 unit encodes to at least one byte, so `length` is a cheap first bound.
  return typeof value === 'string' && value.length <= maxBytes && utf8ByteLength(value) <= maxBytes;
}

/** True when `value` is a usable user id: a non-empty string of at most 64 bytes of UTF-8. */
export function isValidUserId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && isStringWithin(value, MAX_USER_ID_BYTES);
}
