import type { Transport } from '../adapters/transport.js';
import type { CallKit } from '../kit/call-kit.js';
import { incomingInvitationListOf } from './incoming-invitation-list.js';
import type { CallKitConnection } from './use-call-kit.js';

/** A kit being opened by {@link openKit}. */
export interface KitOpening<Kit extends CallKit> {
  /** Stops the opening: a transport that opens afterwards is closed, no kit is created. */
  cancel(): void;
  /** The kit, once created (and not canceled before). */
  readonly kit: Kit | undefined;
}

/**
 * What a hook's effect does to bring a kit up: opens a transport, creates the
 * kit on it, starts recording its incoming invitations, and reports each step
 * to `report`. Deferred by a microtask so that StrictMode's immediate unmount
 * cancels it before a transport is opened at all. Closing the kit is the
 * caller's: a hook decides whether its cleanup logs out or suspends.
 *
 * @internal Shared by `useCallKit` and the demo's reloadable phones.
 */
export function openKit<Kit extends CallKit>(
  connect: () => Transport | Promise<Transport>,
  create: (transport: Transport) => Kit,
  report: (connection: CallKitConnection) => void,
): KitOpening<Kit> {
  let canceled = false;
  let kit: Kit | undefined;
  report({ status: 'connecting', kit: undefined, error: undefined });
  Promise.resolve()
    .then(() => (canceled ? undefined : connect()))
    .then((transport) => {
      if (transport === undefined) return;
      if (canceled) {
        void transport.close();
        return;
      }
      kit = create(transport);
      incomingInvitationListOf(kit);
      report({ status: 'ready', kit, error: undefined });
    })
    .catch((error: unknown) => {
      if (!canceled) report({ status: 'failed', kit: undefined, error });
    });
  return {
    cancel: () => {
      canceled = true;
    },
    get kit() {
      return kit;
    },
  };
}
