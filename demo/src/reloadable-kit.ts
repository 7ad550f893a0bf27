import { useCallback, useEffect, useRef, useState } from 'react';
import type { InvitationTimeouts, LocalInvitation, RemoteInvitation } from '../../index.js';
import { createPersistentCallKit, type PersistedCallKit, type PersistentCallKit } from '../../persistence.js';
import { openKit } from '../../react/open-kit.js';
import type { CallKitConnection } from '../../react/index.js';
import { localStorageStore } from '../../examples/persistence/browser-stores.mjs';
import type { ConnectUser } from './transports.js';

/** Options of {@link useReloadableKit}. */
export interface ReloadableKitOptions {
  readonly userId: string;
  readonly deviceId?: string;
  /** Where this phone's snapshot is kept: one key per phone of the page. */
  readonly storageKey: string;
  readonly connect: ConnectUser;
  readonly timeouts: InvitationTimeouts;
}

/** What a reload brought back. */
export interface Restored {
  readonly local: readonly LocalInvitation[];
  readonly remote: readonly RemoteInvitation[];
}

const NOTHING_RESTORED: Restored = { local: [], remote: [] };

/**
 * `useCallKit`, for a phone that can be "reloaded": its kit saves every pending
 * invitation to sessionStorage (with the localStorage store of
 * examples/persistence), `reload()` stops it as a killed app would, and a new
 * kit starts from the saved snapshot.
 */
export function useReloadableKit(options: ReloadableKitOptions): {
  readonly connection: CallKitConnection;
  readonly restored: Restored;
  readonly reload: () => void;
} {
  const [connection, setConnection] = useState<CallKitConnection>({ status: 'connecting', kit: undefined, error: undefined });
  const [restored, setRestored] = useState<Restored>(NOTHING_RESTORED);
  const [generation, setGeneration] = useState(0);
  const kitRef = useRef<PersistentCallKit | undefined>(undefined);
  const latestOptions = useRef(options);
  latestOptions.current = options;
  const { userId } = options;

  useEffect(() => {
    const { storageKey } = latestOptions.current;
    const store = localStorageStore(storageKey, window.sessionStorage);
    // Only a reload restores: a fresh page (generation 0) starts clean.
    const restore = generation === 0 ? undefined : (store.load() as PersistedCallKit | undefined);
    const opening = openKit(
      () => latestOptions.current.connect(userId),
      (transport) => {
        const { deviceId, timeouts } = latestOptions.current;
        const kit = createPersistentCallKit({
          userId,
          transport,
          timeouts,
          persist: store,
          restore,
          ...(deviceId === undefined ? {} : { deviceId }),
        });
        kitRef.current = kit;
        setRestored({ local: kit.restored.local, remote: kit.restored.remote });
        return kit;
      },
      setConnection,
    );
    return () => {
      opening.cancel();
      // A reload suspends (the snapshot stays); an unmount logs out.
      const { kit } = opening;
      if (kit !== undefined && kitRef.current === kit) void kit.close();
    };
  }, [userId, generation]);

  const reload = useCallback(() => {
    const kit = kitRef.current;
    if (kit === undefined) return;
    kitRef.current = undefined;
    void kit.suspend().then(() => setGeneration((previous) => previous + 1));
  }, []);

  return { connection, restored, reload };
}
