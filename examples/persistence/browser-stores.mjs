// Stores for createPersistentCallKit({ persist }) in a browser. Copy the one you need: they are
// examples, not part of the package, so that no app ships a store it does not use.

/**
 * localStorage: synchronous, so the last save before a reload is never lost. Fine for the few
 * kilobytes a kit's snapshot takes. `load()` returns undefined for a missing or unreadable entry:
 * the kit validates whatever comes back anyway.
 */
export function localStorageStore(key = 'call-invitation', storage = globalThis.localStorage) {
  return {
    save(snapshot) {
      storage.setItem(key, JSON.stringify(snapshot));
    },
    load() {
      try {
        const raw = storage.getItem(key);
        return raw === null ? undefined : JSON.parse(raw);
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * IndexedDB: asynchronous, for apps that already keep their state there (a service worker woken
 * by a push can read it, localStorage it cannot). A save still in flight when the page dies is
 * lost; the one before it is restored.
 */
export function indexedDbStore(name = 'call-invitation', indexedDB = globalThis.indexedDB) {
  const database = new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => request.result.createObjectStore('kit');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const run = async (mode, operation) => {
    const db = await database;
    return new Promise((resolve, reject) => {
      const request = operation(db.transaction('kit', mode).objectStore('kit'));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  };
  return {
    save: (snapshot) => run('readwrite', (store) => store.put(snapshot, 'snapshot')).then(() => undefined),
    load: () => run('readonly', (store) => store.get('snapshot')).catch(() => undefined),
  };
}
