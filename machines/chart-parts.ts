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

/**
 * The inside of an ended caller state whose outcome every device of the
 * callee must learn: re-send the final word (`action`) every re-send interval
 * for the confirmation window, so that a device whose copy was lost stops
 * ringing promptly instead of at its answer timeout; then linger and settle.
 */
export function tellEveryDeviceThenSettle<Action extends string>(action: Action) {
  return {
    initial: 'tellingEveryDevice',
    states: {
      tellingEveryDevice: {
        initial: 'waiting',
        states: {
          waiting: { after: { resendInterval: { target: 'waiting', reenter: true, actions: action } } },
        },
        after: { confirmTimeout: 'lingering' },
      },
      lingering: {},
      settled: { type: 'final', entry: 'announceSettled' },
    },
    after: { lingerPeriod: '.settled' },
  } as const;
}
