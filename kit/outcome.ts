export type { LocalInvitationOutcome } from '../machines/local-invitation.types.js';
export type { RemoteInvitationOutcome } from '../machines/remote-invitation.types.js';

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
