/**
 * Drives complete accepted lifecycles (invite → receipt → accept → confirm)
 * between two kits on a zero-latency in-memory network, keeping a fixed
 * number in flight. A lifecycle counts once both sides have seen `accepted`.
 */
import { createMemoryNetwork } from '../../adapters/memory.js';
import type { InvitationTimeouts } from '../../machines/constants.js';
import type { BenchKit, BenchKitOptions } from './kits.js';

export interface LifecycleRunOptions {
  readonly createKit: (options: BenchKitOptions) => BenchKit;
  /** Stop starting new lifecycles once this many have been started. */
  readonly lifecycles: number;
  /** Lifecycles in flight at once. */
  readonly inFlight: number;
  readonly timeouts?: Partial<InvitationTimeouts>;
  /** Lingering invitations count against it, so throughput runs raise it far above the default. */
  readonly maxIncomingInvitations?: number;
}

export interface LifecycleRun {
  readonly completed: number;
  readonly elapsedMs: number;
  readonly caller: BenchKit;
  readonly callee: BenchKit;
}

/** Runs `lifecycles` accepted lifecycles and resolves when all have completed on both sides. The kits stay open. */
export function runAcceptedLifecycles(options: LifecycleRunOptions, kits?: { caller: BenchKit; callee: BenchKit }): Promise<LifecycleRun> {
  const network = kits ? undefined : createMemoryNetwork({ latency: { minMs: 0, maxMs: 0 }, seed: 1 });
  const kitOptions = { timeouts: options.timeouts, maxIncomingInvitations: options.maxIncomingInvitations ?? 10_000_000 };
  const caller = kits?.caller ?? options.createKit({ userId: 'alice', transport: network!.connect('alice'), ...kitOptions });
  const callee = kits?.callee ?? options.createKit({ userId: 'bob', transport: network!.connect('bob'), ...kitOptions });

  return new Promise((resolve, reject) => {
    let started = 0;
    let completed = 0;
    const startedAt = performance.now();
    // Each side reports once per lifecycle; the second report completes it.
    const halves = new Map<string, number>();

    function halfDone(id: string): void {
      if (!halves.has(id)) {
        halves.set(id, 1);
        return;
      }
      halves.delete(id);
      completed++;
      if (completed === options.lifecycles) {
        stopAnswering();
        resolve({ completed, elapsedMs: performance.now() - startedAt, caller, callee });
      } else if (started < options.lifecycles) startOne();
    }

    const stopAnswering = callee.on('remoteInvitationReceived', (invitation) => {
      invitation.on('accepted', () => halfDone(invitation.id));
      if (invitation.accept('ok') !== 'OK') reject(new Error('accept() was refused'));
    });

    function startOne(): void {
      started++;
      const invitation = caller.createLocalInvitation('bob');
      invitation.on('accepted', () => halfDone(invitation.id));
      invitation.on('failure', (reason) => reject(new Error(`a lifecycle failed: ${reason}`)));
      if (invitation.send() !== 'OK') reject(new Error('send() was refused'));
    }

    for (let index = 0; index < Math.min(options.inFlight, options.lifecycles); index++) startOne();
  });
}
