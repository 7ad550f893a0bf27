/**
 * A network whose every delivery is a task of a fast-check scheduler, and a
 * driver in which "time moves on by one step" is one more such task.
 * fast-check then picks the order of deliveries, app actions and expiries,
 * and shrinks a failing order to a short one.
 *
 * Delays stay bounded, as on a network that eventually delivers: a copy that
 * would otherwise be older than `maxDelayMs` after the next step is handed
 * over before the clock moves.
 */
import type fc from 'fast-check';
import { vi } from 'vitest';
import { TransportError, type Transport } from '../../../adapters/transport.js';

/** How far the clock moves per clock task. */
const CLOCK_STEP_MS = 50;

interface Copy {
  readonly sentAt: number;
  readonly deliver: () => void;
  delivered: boolean;
}

export interface ScheduledNetwork {
  connect(userId: string): Transport;
  /** Runs the scheduler until no task and no timer is left. */
  runUntilQuiet(maxSteps?: number): Promise<void>;
}

export function createScheduledNetwork(
  scheduler: fc.Scheduler,
  { duplicateEveryMessage, maxDelayMs }: { duplicateEveryMessage: boolean; maxDelayMs: number },
): ScheduledNetwork {
  const handlersByUser = new Map<string, Set<(from: string, data: string) => void>>();
  const inFlight = new Set<Copy>();

  function deliverLater(from: string, to: string, data: string): void {
    const copy: Copy = {
      sentAt: Date.now(),
      delivered: false,
      deliver: () => {
        if (copy.delivered) return;
        copy.delivered = true;
        inFlight.delete(copy);
        for (const handler of [...(handlersByUser.get(to) ?? [])]) handler(from, data);
      },
    };
    inFlight.add(copy);
    void scheduler.schedule(Promise.resolve(), `${from} → ${to}: ${data}`).then(copy.deliver);
  }

  function deliverOverdue(): void {
    for (const copy of [...inFlight]) if (copy.sentAt + maxDelayMs < Date.now() + CLOCK_STEP_MS) copy.deliver();
  }

  return {
    connect(userId) {
      const handlers = new Set<(from: string, data: string) => void>();
      handlersByUser.set(userId, handlers);
      return {
        localId: userId,
        send(peerId, data) {
          if (!handlersByUser.has(userId)) return Promise.reject(new TransportError('NOT_CONNECTED', userId));
          if (!handlersByUser.has(peerId)) return Promise.reject(new TransportError('PEER_OFFLINE', peerId));
          deliverLater(userId, peerId, data);
          if (duplicateEveryMessage) deliverLater(userId, peerId, data);
          return Promise.resolve();
        },
        onMessage(handler) {
          handlers.add(handler);
          return () => handlers.delete(handler);
        },
        close() {
          handlersByUser.delete(userId);
          return Promise.resolve();
        },
      };
    },
    async runUntilQuiet(maxSteps = 50_000) {
      let clockTaskPending = false;
      for (let step = 0; step < maxSteps; step++) {
        if (!clockTaskPending && vi.getTimerCount() > 0) {
          clockTaskPending = true;
          void scheduler.schedule(Promise.resolve(), `clock: +${CLOCK_STEP_MS} ms`).then(() => {
            clockTaskPending = false;
            deliverOverdue();
            vi.advanceTimersByTime(CLOCK_STEP_MS);
          });
        }
        if (scheduler.count() === 0) return;
        await scheduler.waitOne();
      }
      throw new Error(`still busy after ${maxSteps} steps`);
    },
  };
}
