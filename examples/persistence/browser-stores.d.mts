import type { CallKitStore } from '../../persistence.js';

/** A store on `localStorage` (or any object with `getItem` and `setItem`), under `key`. */
export function localStorageStore(
  key?: string,
  storage?: Pick<Storage, 'getItem' | 'setItem'>,
): CallKitStore & { load(): ReturnType<NonNullable<CallKitStore['load']>> };

/** A store in the IndexedDB database `name`. */
export function indexedDbStore(name?: string, indexedDB?: IDBFactory): CallKitStore;
