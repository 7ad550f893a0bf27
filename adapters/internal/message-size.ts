import { isStringWithin } from '../../protocol/limits.js';

/**
 * The default bound on one message's `data`, in UTF-8 bytes. Call-invitation
 * messages are a few hundred bytes plus the app's `content` (Agora RTM capped
 * it at 8 KiB); 64 KiB leaves room while keeping a hostile frame cheap to drop.
 */
export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024;

/**
 * True when `text` fits in `limit` UTF-8 bytes. It counts with the protocol's
 * own counter, which first compares the UTF-16 length with the limit, so a
 * 1 MiB hostile string is refused without being walked.
 */
export function fitsInBytes(text: string, limit: number): boolean {
  return isStringWithin(text, limit);
}
