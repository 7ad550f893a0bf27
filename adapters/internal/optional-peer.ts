/**
 * The client libraries (`ws`, `mqtt`, `react`, …) are optional peer
 * dependencies: an app installs only the one it uses. Code that needs one
 * loads it through here, so an app that forgot it is told which package to
 * install and which subpath needs it, instead of Node's bare "Cannot find
 * package" from deep inside `dist/`.
 */

/** The sentence an app sees when `peer`, needed by `subpath`, is not installed. */
export function missingPeerMessage(peer: string, subpath: string): string {
  return (
    `${subpath} needs the optional peer dependency "${peer}", which is not installed: ` +
    `add it to your app with \`npm install ${peer}\``
  );
}

/**
 * True when `error` is the module loader saying that `peer` itself (or one of
 * its subpaths, e.g. `react/jsx-runtime`) cannot be found: Node ESM
 * (`ERR_MODULE_NOT_FOUND`), CommonJS `require` (`MODULE_NOT_FOUND`). A
 * dependency missing inside an installed peer names another package, and is
 * left as it is.
 */
export function isMissingPeerError(error: unknown, peer: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return typeof message === 'string' && (message.includes(`'${peer}'`) || message.includes(`'${peer}/`));
}

/**
 * Loads an optional peer on first use. `load` is the `import()` itself,
 * written at the call site so that bundlers still see which module it is.
 */
export async function importOptionalPeer<T>(load: () => Promise<T>, peer: string, subpath: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPeerError(error, peer)) throw new Error(missingPeerMessage(peer, subpath), { cause: error });
    throw error;
  }
}
