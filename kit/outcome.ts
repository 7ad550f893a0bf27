import type { LocalInvitationFailureReason, RemoteInvitationFailureReason } from '../machines/constants.js';

/**
 * How a caller's invitation ended: the value of `await invitation.outcome`.
 * `state` is the final `LocalInvitationState`; the other fields say
 * what came with it.
 */
export type LocalInvitationOutcome =
  /** The callee accepted; `response` is what it answered. */
  | { readonly state: 'ACCEPTED_BY_REMOTE'; readonly response: string }
  /** The callee refused; `response` is what it answered, `reason` why (`declined`, `busy`, `replaced` or the callee app's word). */
  | { readonly state: 'REFUSED_BY_REMOTE'; readonly response: string; readonly reason: string }
  /** The caller canceled. */
  | { readonly state: 'CANCELED' }
  /** The invitation failed, for `reason`. */
  | { readonly state: 'FAILURE'; readonly reason: LocalInvitationFailureReason };

/**
 * How a callee's invitation ended: the value of `await invitation.outcome`.
 * `state` is the final `RemoteInvitationState`; the other fields say
 * what came with it.
 */
export type RemoteInvitationOutcome =
  /** The caller confirmed the acceptance; `response` is what the callee sent with it. */
  | { readonly state: 'ACCEPTED'; readonly response: string }
  /** The refusal went out; `response` is what the callee sent with it. */
  | { readonly state: 'REFUSED'; readonly response: string }
  /** The caller canceled; `reason` is the one its cancel carried (empty when it gave none). */
  | { readonly state: 'CANCELED'; readonly reason: string }
  /** This device stopped ringing with `ignore()`; the invitation went on elsewhere. */
  | { readonly state: 'IGNORED' }
  /** The invitation failed, for `reason`. */
  | { readonly state: 'FAILURE'; readonly reason: RemoteInvitationFailureReason };

/**
 * The promise behind `invitation.outcome`, made only when an app asks for it:
 * most invitations are never awaited, and thousands may be alive at once.
 * It only ever resolves, so an app that never awaits it leaves no unhandled
 * rejection behind.
 */
export class OutcomePromise<Outcome> {
  #ended: Outcome | undefined;
  #promise: Promise<Outcome> | undefined;
  #resolve: ((outcome: Outcome) => void) | undefined;

  /** The promise; resolved already if the invitation has ended. */
  get promise(): Promise<Outcome> {
    if (!this.#promise) {
      const ended = this.#ended;
      this.#promise =
        ended === undefined
          ? new Promise<Outcome>((resolve) => {
              this.#resolve = resolve;
            })
          : Promise.resolve(ended);
    }
    return this.#promise;
  }

  /**
   * Records the ending. The promise resolves on a later microtask than the
   * one that runs the ending's callbacks, so an app sees its handlers first.
   */
  end(outcome: Outcome): void {
    if (this.#ended !== undefined) return;
    this.#ended = outcome;
    queueMicrotask(() => this.#resolve?.(outcome));
  }
}
