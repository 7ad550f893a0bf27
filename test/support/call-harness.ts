import { afterEach, beforeEach, vi } from 'vitest';
import { createCallKit, type CallKit, type InvitationTimeouts } from '../../index.js';
import { createMemoryNetwork, type MemoryNetwork, type MemoryNetworkOptions } from '../../adapters/memory.js';
import type { LocalInvitation, RemoteInvitation } from '../../kit/index.js';

/** Two users, alice (caller) and bob (callee), on one in-memory network. */
export interface CallHarness {
  readonly network: MemoryNetwork;
  readonly alice: CallKit;
  readonly bob: CallKit;
  /** Every callback of every invitation, in the order the app saw them. */
  readonly log: string[];
  /** Bob's incoming invitations, in arrival order. */
  readonly incoming: RemoteInvitation[];
  close(): Promise<void>;
}

export interface CallHarnessOptions {
  readonly network?: MemoryNetworkOptions;
  readonly timeouts?: Partial<InvitationTimeouts>;
  /** What bob does with each invitation as it arrives. Default: nothing (it rings). */
  readonly onIncoming?: (invitation: RemoteInvitation) => void;
}

export function createCallHarness(options: CallHarnessOptions = {}): CallHarness {
  const network = createMemoryNetwork(options.network);
  const kitOptions = options.timeouts ? { timeouts: options.timeouts } : {};
  const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), ...kitOptions });
  const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), ...kitOptions });
  const log: string[] = [];
  const incoming: RemoteInvitation[] = [];
  bob.on('remoteInvitationReceived', (invitation) => {
    incoming.push(invitation);
    log.push('bob:remoteInvitationReceived');
    recordRemoteCallbacks(invitation, log, 'bob');
    options.onIncoming?.(invitation);
  });
  return {
    network,
    alice,
    bob,
    log,
    incoming,
    async close() {
      await Promise.all([alice.close(), bob.close()]);
    },
  };
}

/**
 * For a test file: every test runs on fake timers, and the harnesses it makes
 * with `create()` (and anything handed to `closeAfter()`) are closed after it.
 * The cleanup runs even when the test failed half-way, and whatever timer is
 * still pending is cleared, so nothing leaks into the next test.
 */
export function useCallHarnesses(): {
  create(options?: CallHarnessOptions): CallHarness;
  closeAfter(...closables: readonly { close(): Promise<void> }[]): void;
} {
  const open: { close(): Promise<void> }[] = [];
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(async () => {
    try {
      await Promise.all(open.splice(0).map((closable) => closable.close()));
    } finally {
      vi.clearAllTimers();
      vi.useRealTimers();
    }
  });
  return {
    create(options) {
      const harness = createCallHarness(options);
      open.push(harness);
      return harness;
    },
    closeAfter(...closables) {
      open.push(...closables);
    },
  };
}

export function recordLocalCallbacks(invitation: LocalInvitation, log: string[], who = 'alice'): void {
  invitation.on('receivedByPeer', () => log.push(`${who}:receivedByPeer`));
  invitation.on('accepted', (response) => log.push(`${who}:accepted(${response})`));
  invitation.on('refused', (response) => log.push(`${who}:refused(${response})`));
  invitation.on('canceled', () => log.push(`${who}:canceled`));
  invitation.on('failure', (reason) => log.push(`${who}:failure(${reason})`));
}

export function recordRemoteCallbacks(invitation: RemoteInvitation, log: string[], who = 'bob'): void {
  invitation.on('accepted', () => log.push(`${who}:accepted`));
  invitation.on('refused', () => log.push(`${who}:refused`));
  invitation.on('canceled', () => log.push(`${who}:canceled`));
  invitation.on('failure', (reason) => log.push(`${who}:failure(${reason})`));
}

/** Creates alice's invitation to bob, records its callbacks and sends it. */
export function call(harness: CallHarness, details: { content?: string; channelId?: string } = {}): LocalInvitation {
  const invitation = harness.alice.createLocalInvitation('bob', details);
  recordLocalCallbacks(invitation, harness.log);
  invitation.send();
  return invitation;
}

/**
 * Lets `ms` of time pass, running every timer and microtask due in it. Tests
 * run on fake timers, so the outcome never depends on the machine's load.
 */
export async function settle(ms = 0): Promise<void> {
  if (!vi.isFakeTimers()) throw new Error('settle() needs vi.useFakeTimers()');
  await vi.advanceTimersByTimeAsync(ms);
}

/** The entries of `log` made by one side, in order. */
export function callbacksOf(log: readonly string[], who: string): string[] {
  return log.filter((entry) => entry.startsWith(`${who}:`));
}
