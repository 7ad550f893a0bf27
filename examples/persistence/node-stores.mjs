// Stores for createPersistentCallKit({ persist }) in Node. Examples, not part of the package.
import { readFile, rename, writeFile } from 'node:fs/promises';

/**
 * A JSON file, replaced atomically (write a temporary file, then rename), so that a process killed
 * mid-save leaves the previous snapshot rather than half of one. Saves are chained: the last one
 * asked for is the last one written.
 */
export function fileStore(path) {
  let chain = Promise.resolve();
  return {
    save(snapshot) {
      const text = JSON.stringify(snapshot);
      chain = chain.then(async () => {
        await writeFile(`${path}.tmp`, text);
        await rename(`${path}.tmp`, path);
      });
      return chain;
    },
    async load() {
      try {
        return JSON.parse(await readFile(path, 'utf8'));
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * Redis, for a server-side kit (one user per process, or one key per user): `client` is a
 * connected node-redis v4+ client. Restore it on the same machine that saved it: the snapshot's
 * `savedAt` is read against that machine's clock.
 */
export function redisStore(client, key) {
  return {
    save: (snapshot) => client.set(key, JSON.stringify(snapshot)).then(() => undefined),
    async load() {
      const raw = await client.get(key);
      try {
        return raw === null ? undefined : JSON.parse(raw);
      } catch {
        return undefined;
      }
    },
  };
}
