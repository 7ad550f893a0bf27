import type { AnyMachineSnapshot } from 'xstate';

/** A delayed transition of the chart to re-arm after a restore, with what is left of its duration. */
export interface ResumedTimer {
  /** The delayed event (`xstate.after.<delay>.<state>`), also its scheduling id, so that leaving the state cancels it. */
  readonly event: string;
  /** Milliseconds left: the full duration less the time already spent, never below 0. */
  readonly delayMs: number;
}

/**
 * What a restored chart must re-arm, for its `RESTORED` event. XState (5.33)
 * keeps neither the delayed events nor their start times in
 * `getPersistedSnapshot()`, so a chart rehydrated from one would wait
 * forever. The active delayed transitions are read from the chart's own
 * state nodes and their durations from its own `delays`; the host only says
 * how long each one already ran (`elapsedMs`, keyed by delayed event). A timer the host does not mention starts over
 * with its full duration, and a time that is not a positive number counts as
 * none, so no restore can make a chart wait longer than a fresh one would.
 *
 * Overdue timers come first, most overdue first, so that they fire in the
 * order their deadlines passed.
 */
export function timersToResume(
  snapshot: AnyMachineSnapshot,
  elapsedMs: Readonly<Record<string, number>>,
): ResumedTimer[] {
  const delays = (snapshot.machine.implementations.delays ?? {}) as Record<string, unknown>;
  const left = new Map<string, number>();
  for (const node of snapshot._nodes) {
    for (const { eventType, delay } of node.after) {
      if (left.has(eventType)) continue;
      const named = typeof delay === 'string' ? delays[delay] : delay;
      const duration =
        typeof named === 'function'
          ? (named as (args: { context: unknown }) => number)({ context: snapshot.context })
          : Number(named);
      const spent = Object.hasOwn(elapsedMs, eventType) ? elapsedMs[eventType] : 0;
      // Not clamped yet: how far past its deadline a timer is orders the overdue ones.
      left.set(eventType, duration - (typeof spent === 'number' && spent > 0 ? spent : 0));
    }
  }
  return [...left]
    .sort(([, a], [, b]) => a - b)
    .map(([event, remaining]) => ({ event, delayMs: Math.max(0, remaining) }));
}

/**
 * The timers a `RESTORED` event may re-arm: the chart's own delayed transitions (`xstate.after.…`) and
 * nothing else, so that no host can make a chart raise another event. None for any other event.
 */
export function timersToRearm(event: { readonly type: string; readonly timers?: readonly ResumedTimer[] }): readonly ResumedTimer[] {
  if (event.type !== 'RESTORED' || !event.timers) return [];
  return event.timers.filter((timer) => timer.event.startsWith('xstate.after.'));
}
