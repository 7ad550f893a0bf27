/**
 * How a kit keys an incoming invitation: invitation ids are unique per
 * caller only, so the caller's user id is part of the key. A newline cannot
 * occur in an invitation id (`A-Z a-z 0-9 _ -`), so the key splits back.
 */
export function remoteKey(callerId: string, id: string): string {
  return `${callerId}\n${id}`;
}

/** The caller and invitation id a {@link remoteKey} was made of. */
export function remoteKeyParts(key: string): { readonly callerId: string; readonly id: string } {
  const split = key.lastIndexOf('\n');
  return { callerId: key.slice(0, split), id: key.slice(split + 1) };
}
