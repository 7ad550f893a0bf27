import { MAX_USER_ID_BYTES, isValidUserId } from '../../protocol/limits.js';

/**
 * Adapters check user ids with the kit's own rule (`isValidUserId`: 1 to 64
 * bytes of UTF-8), never a rule of their own, so an id a transport accepts,
 * authenticates or reports as a sender is always one the kit accepts too.
 */
export function assertValidUserId(userId: unknown, adapterName: string): void {
  if (!isValidUserId(userId)) {
    throw new TypeError(
      `${adapterName}: user id ${JSON.stringify(userId)} must be a non-empty string of at most ${MAX_USER_ID_BYTES} bytes of UTF-8`,
    );
  }
}

/**
 * Characters a user id may use on the broker adapters. Every one of them is
 * literal in Redis channel globs, NATS subject tokens and MQTT topic levels,
 * and none is a separator there, so a sender id placed in a subject can be
 * neither split nor widened into a wildcard — the property the broker ACLs in
 * docs/adapters.md rely on to pin `from` to the connection's own identity.
 */
const TOPIC_SAFE_CHARACTERS = /^[A-Za-z0-9_=@~-]+$/;

/**
 * True when `userId` is a valid user id that can also be placed in a channel,
 * subject or topic as one literal token: the broker adapters accept a subset
 * of the kit's ids, never more.
 */
export function isTopicSafeUserId(userId: string): boolean {
  return isValidUserId(userId) && TOPIC_SAFE_CHARACTERS.test(userId);
}

/** Throws a TypeError naming the rule when `userId` is not topic-safe. */
export function assertTopicSafeUserId(userId: string, adapterName: string): void {
  if (!isTopicSafeUserId(userId)) {
    throw new TypeError(
      `${adapterName}: user id ${JSON.stringify(userId)} must be 1-${MAX_USER_ID_BYTES} characters of A-Z a-z 0-9 _ = @ ~ - ` +
        '(map other ids, e.g. to base64url, before connecting)',
    );
  }
}

/** Prefixes are joined to user ids with the adapter's separator, so they follow looser but similar rules. */
const TOPIC_SAFE_PREFIX = /^[A-Za-z0-9_=@~-]{1,64}$/;

/** Throws a TypeError when a channel/subject/topic prefix could contain separators or wildcards. */
export function assertTopicSafePrefix(prefix: string, adapterName: string): void {
  if (!TOPIC_SAFE_PREFIX.test(prefix)) {
    throw new TypeError(`${adapterName}: prefix ${JSON.stringify(prefix)} must be 1-64 characters of A-Z a-z 0-9 _ = @ ~ -`);
  }
}
