import type { CallKitStore, PersistedCallKit } from '../../persistence.js';

/** A store in the JSON file at `path`, replaced atomically on every save. */
export function fileStore(path: string): {
  save(snapshot: PersistedCallKit): Promise<void>;
  load(): Promise<PersistedCallKit | undefined>;
};

/** A store under `key` of a connected node-redis client. */
export function redisStore(
  client: { set(key: string, value: string): Promise<unknown>; get(key: string): Promise<string | null> },
  key: string,
): CallKitStore;
