import type { InvitationApiCallError } from './constants.js';

/** The `answer` action with its result: what the API call that caused the transition returns. */
export function answer(result: InvitationApiCallError) {
  return { type: 'answer', params: { result } } as const;
}

/** The `recordFailure` action with its reason. */
export function fail<Reason extends string>(reason: Reason) {
  return { type: 'recordFailure', params: { reason } } as const;
}

/** The `recordOutcome` action with the ended state it records: the chart's word on how the invitation ended. */
export function endAs<State extends string>(state: State) {
  return { type: 'recordOutcome', params: { state } } as const;
}

/**
 * The state every ended state moves to once its linger period is over: a
 * top-level final state, so the actor's status becomes `done` and its
 * `output` is the outcome (`invoke … onDone`, `waitFor(actor, (s) => s.status
 * === 'done')`). It tells the host first: the kit forgets the invitation.
 */
export const settledState = { type: 'final', tags: ['ended'], entry: 'announceSettled' } as const;

/**
 * The rest of an ended state: keep answering late duplicates for the linger
 * period, then settle.
 */
export const lingerThenSettle = { after: { lingerPeriod: 'SETTLED' } } as const;

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
    },
    after: { lingerPeriod: 'SETTLED' },
  } as const;
}
