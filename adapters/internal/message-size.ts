/**
 * The default bound on one message's `data`, in UTF-8 bytes. Call-invitation
 * messages are a few hundred bytes plus the app's `content` (Agora RTM capped
 * it at 8 KiB); 64 KiB leaves room while keeping a hostile frame cheap to drop.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * Counts the UTF-8 bytes of `text` without allocating an encoded copy, and
 * stops counting once `limit` is passed, so a 1 MiB hostile string costs no
 * more than the limit to reject.
 */
export function utf8ByteLengthUpTo(text: string, limit: number): number {
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= limit; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (isHighSurrogate(code) && isLowSurrogate(text.charCodeAt(index + 1))) {
      // A surrogate pair is one four-byte code point.
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** True when `text` fits in `limit` UTF-8 bytes. */
export function fitsInBytes(text: string, limit: number): boolean {
  return utf8ByteLengthUpTo(text, limit) <= limit;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
