const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A new invitation id: 22 characters of base64url, 132 random bits from Web
 * Crypto (Node 20+ and browsers). Unguessable, so a third party cannot aim
 * messages at another user's invitation even before sender checks apply.
 */
export function createInvitationId(): string {
  const bytes = new Uint8Array(22);
  globalThis.crypto.getRandomValues(bytes);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}
