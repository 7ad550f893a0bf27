import { useEffect, useRef, useState } from 'react';
import type { Transport } from '../adapters/transport.js';
import { createCallKit, type CallKit } from '../kit/call-kit.js';
import type { CallKitOptions } from '../kit/options.js';
import { openKit } from './open-kit.js';

/** Options of {@link useCallKit}: those of `createCallKit`, with a transport factory instead of a transport. */
export interface UseCallKitOptions extends Omit<CallKitOptions, 'transport'> {
  /**
   * Opens a transport for `userId`. Called once per kit: on mount, and again
   * when `userId` changes. The kit closes the transport when the component
   * unmounts, so the factory must be able to open a fresh one afterwards
   * (React's StrictMode mounts twice in development).
   */
  readonly connect: (userId: string) => Transport | Promise<Transport>;
}

/** Where the kit of {@link useCallKit} stands. */
export type CallKitConnection =
  /** The transport is being opened. */
  | { readonly status: 'connecting'; readonly kit: undefined; readonly error: undefined }
  /** The kit is ready. */
  | { readonly status: 'ready'; readonly kit: CallKit; readonly error: undefined }
  /** `connect` threw or rejected, or `createCallKit` refused the options. */
  | { readonly status: 'failed'; readonly kit: undefined; readonly error: unknown };

/**
 * A call kit that lives as long as the component: created on mount, closed on
 * unmount (pending invitations end with NOT_LOGGEDIN), and created anew when
 * `userId` changes. Other options are read when the kit is created; give the
 * component a new `key` to apply changed timeouts.
 *
 * The kit records incoming invitations from its first moment, so
 * {@link useIncomingInvitations} misses none that arrive before it renders.
 *
 * @example
 * ```tsx
 * const { kit } = useCallKit({ userId: 'alice', connect: (userId) => network.connect(userId) });
 * const ringing = useIncomingInvitations(kit);
 * ```
 */
export function useCallKit(options: UseCallKitOptions): CallKitConnection {
  const [connection, setConnection] = useState<CallKitConnection>({ status: 'connecting', kit: undefined, error: undefined });
  const latestOptions = useRef(options);
  latestOptions.current = options;
  const { userId } = options;

  useEffect(() => {
    const opening = openKit(
      () => latestOptions.current.connect(userId),
      (transport) => {
        const { connect: _connect, ...kitOptions } = latestOptions.current;
        return createCallKit({ ...kitOptions, userId, transport });
      },
      setConnection,
    );
    return () => {
      opening.cancel();
      void opening.kit?.close();
    };
  }, [userId]);

  return connection;
}
