const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes broker bytes as UTF-8, or returns null when they are not valid
 * UTF-8: a transport carries strings, so such bytes were never a message,
 * and replacement characters would hand the app a corrupted one.
 */
export function decodeStrictUtf8(bytes: Uint8Array): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}
