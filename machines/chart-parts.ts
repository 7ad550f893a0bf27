import type { InvitationApiCallError } from './constants.js';

/** The `answer` action with its result: what the API call that caused the transition returns. */
export function answer(result: InvitationApiCallError) {
  return { type: 'answer', params: { result } } as const;
}

/** The `recordFailure` action with its reason. */
export function fail<Reason extends string>(reason: Reason) {
  return { type: 'recordFailure', params: { reason } } as const;
}

/**
 * The inside of every ended state: keep answering late duplicates for the
 * linger period, then settle. Settling emits `settled`, on which the host
 * stops the actor.
 */
export const lingerThenSettle = {
  initial: 'lingering',
  states: {
    lingering: { after: { lingerPeriod: 'settled' } },
    settled: { type: 'final', entry: 'announceSettled' },
  },
} as const;
