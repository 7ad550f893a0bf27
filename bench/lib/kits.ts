/**
 * The two implementations item 1 and item 2 compare, seen through the one
 * shape the drivers need. `createCallKit` is the product; the hand-written kit
 * (bench/baseline/) is the yardstick.
 */
import type { Transport } from '../../adapters/transport.js';
import { createCallKit } from '../../index.js';
import type { LocalInvitationEvents, LocalInvitationOptions, RemoteInvitationEvents } from '../../kit/index.js';
import type { InvitationApiCallError, InvitationTimeouts } from '../../machines/constants.js';
import { createHandWrittenKit } from '../baseline/hand-written-kit.js';

export interface BenchLocalInvitation {
  readonly id: string;
  send(): InvitationApiCallError;
  cancel(): InvitationApiCallError;
  on<E extends keyof LocalInvitationEvents>(event: E, handler: LocalInvitationEvents[E]): () => void;
}

export interface BenchRemoteInvitation {
  readonly id: string;
  readonly callerId: string;
  readonly content: string;
  accept(response?: string): InvitationApiCallError;
  refuse(response?: string): InvitationApiCallError;
  on<E extends keyof RemoteInvitationEvents>(event: E, handler: RemoteInvitationEvents[E]): () => void;
}

export interface BenchKit {
  createLocalInvitation(calleeId: string, options?: LocalInvitationOptions): BenchLocalInvitation;
  on(event: 'remoteInvitationReceived', handler: (invitation: BenchRemoteInvitation) => void): () => void;
  stats(): { readonly liveLocalInvitations: number; readonly liveRemoteInvitations: number };
  close(): Promise<void>;
}

export interface BenchKitOptions {
  readonly userId: string;
  readonly transport: Transport;
  readonly timeouts?: Partial<InvitationTimeouts>;
  readonly maxIncomingInvitations?: number;
}

export type Implementation = 'statecharts' | 'hand-written';

export const KIT_FACTORIES: Readonly<Record<Implementation, (options: BenchKitOptions) => BenchKit>> = {
  // The items drive one caller against one callee at full speed: the per-caller bounds, which exist to
  // stop exactly that from a stranger, are opened to the total so both implementations do the same work.
  statecharts: (options) =>
    createCallKit({
      ...options,
      maxIncomingInvitationsPerCaller: options.maxIncomingInvitations ?? 10_000,
      maxInvitesPerCallerPerSecond: Infinity,
    }),
  'hand-written': (options) => createHandWrittenKit(options),
};
