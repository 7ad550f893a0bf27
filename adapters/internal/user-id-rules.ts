/**
 * Characters a user id may use on the broker adapters. Every one of them is
 * literal in Redis channel globs, NATS subject tokens and MQTT topic levels,
 * and none is a separator there, so a sender id placed in a subject can be
 * neither split nor widened into a wildcard — the property the broker ACLs in
 * docs/adapters.md rely on to pin `from` to the connection's own identity.
 */
const TOPIC_SAFE_USER_ID = /^[A-Za-z0-9_=@~-]{1,128}$/;

/** True when `userId` can be placed in a channel, subject or topic as one literal token. */
export function isTopicSafeUserId(userId: string): boolean {
  return TOPIC_SAFE_USER_ID.test(userId);
}

/** Throws a TypeError naming the rule when `userId` is not topic-safe. */
export function assertTopicSafeUserId(userId: string, adapterName: string): void {
  if (!isTopicSafeUserId(userId)) {
    throw new TypeError(
      `${adapterName}: user id ${JSON.stringify(userId)} must be 1-128 characters of A-Z a-z 0-9 _ = @ ~ - ` +
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
