import type { Actor } from 'xstate';
import type {
  InvitationApiCallError,
  LocalInvitationFailureReason,
  LocalInvitationState,
} from '../machines/constants.js';
import type { localInvitationMachine } from '../machines/local-invitation.machine.js';
import { localInvitationStateOf } from '../machines/public-state.js';
import type { LocalInvitationEmitted } from '../machines/local-invitation.types.js';
import { askChart } from './ask-chart.js';
import { Listeners, type ListenerOptions } from './listeners.js';
import { OutcomePromise, type LocalInvitationOutcome } from './outcome.js';

/** The callbacks of a {@link LocalInvitation}, in the order an app can see them. */
export interface LocalInvitationEvents {
  /** The callee acknowledged the invitation: it is ringing there. Always before `accepted` or `refused`. */
  readonly receivedByPeer: () => void;
  /** Ended: the callee accepted, with its response. */
  readonly accepted: (response: string) => void;
  /** Ended: the callee refused, with its response and its reason (`declined`, `busy`, `replaced`, …). */
  readonly refused: (response: string, reason: string) => void;
  /** Ended: the cancel is done (after the callee's own `canceled`, when the callee could be reached). */
  readonly canceled: () => void;
  /** Ended: the invitation failed. */
  readonly failure: (reason: LocalInvitationFailureReason) => void;
}

const LOCAL_INVITATION_EVENTS = ['receivedByPeer', 'accepted', 'refused', 'canceled', 'failure'] as const;

/** The actor behind a {@link LocalInvitation}. */
export type LocalInvitationActor = Actor<typeof localInvitationMachine>;

/**
 * The caller's handle on one invitation (Agora's LocalInvitation). Create it
 * with `kit.createLocalInvitation()`. Every method returns the chart's answer
 * and never throws for a call at the wrong time.
 */
export class LocalInvitation {
  /** Unique id of this invitation, shared with the callee. */
  readonly id: string;
  /** Who is being called. */
  readonly calleeId: string;
  /** The running chart, for inspection or for embedding in an app's own actors. */
  readonly actor: LocalInvitationActor;
  readonly #listeners: Listeners<LocalInvitationEvents>;
  readonly #outcome = new OutcomePromise<LocalInvitationOutcome>();

  /**
   * @internal Created by the kit, which owns the actor's lifetime. `host` is the kit's own handler of
   * the chart's emitted events, one function for all its invitations: each invitation registers one
   * listener on its actor, which hands every event to the kit first and then to the app's callbacks.
   */
  constructor(
    actor: LocalInvitationActor,
    reportError: (error: unknown) => void,
    host: (invitation: LocalInvitation, emitted: LocalInvitationEmitted) => void,
  ) {
    const { context } = actor.getSnapshot();
    this.id = context.id;
    this.calleeId = context.calleeId;
    this.actor = actor;
    this.#listeners = new Listeners<LocalInvitationEvents>(LOCAL_INVITATION_EVENTS, reportError);
    actor.on('*', (emitted) => {
      host(this, emitted);
      switch (emitted.type) {
        case 'receivedByPeer':
          this.#listeners.emitSoon('receivedByPeer');
          return;
        case 'canceled':
          this.#listeners.emitSoon('canceled');
          break;
        case 'accepted':
          this.#listeners.emitSoon('accepted', emitted.response);
          break;
        case 'refused':
          this.#listeners.emitSoon('refused', emitted.response, emitted.reason);
          break;
        case 'failure':
          this.#listeners.emitSoon('failure', emitted.reason);
          break;
        default:
          // Not an ending (a message to transmit, settling…): the outcome is unchanged.
          return;
      }
      // The chart records the outcome as it enters an ended state, before it emits the ending's callback.
      this.#endWithTheChartsOutcome();
    });
    // A chart restored after a restart may have ended already: its outcome is in its context.
    this.#endWithTheChartsOutcome();
  }

  #endWithTheChartsOutcome(): void {
    const { outcome } = this.actor.getSnapshot().context;
    if (outcome) this.#outcome.end(outcome);
  }

  /** The caller's public state. */
  get state(): LocalInvitationState {
    return localInvitationStateOf(this.actor.getSnapshot());
  }

  /** Text sent with the invitation (at most 8192 bytes of UTF-8, checked by `send()`). Settable until sent. */
  get content(): string {
    return this.actor.getSnapshot().context.content;
  }

  set content(content: string) {
    this.#update({ type: 'UPDATE', content });
  }

  /** Channel id sent with the invitation (at most 64 bytes of UTF-8, checked by `send()`). Settable until sent. */
  get channelId(): string {
    return this.actor.getSnapshot().context.channelId;
  }

  set channelId(channelId: string) {
    this.#update({ type: 'UPDATE', channelId });
  }

  /** The callee's response once it accepted or refused; empty before. */
  get response(): string {
    return this.actor.getSnapshot().context.response;
  }

  /**
   * Why the callee refused, once it did: `declined` (the default of `refuse()`), `busy`, `replaced`
   * (glare: this user was calling the caller too, and that call won), or the callee app's own word.
   */
  get refuseReason(): string {
    return this.actor.getSnapshot().context.refuseReason;
  }

  /** The reason given to `cancel({ reason })`, or `replaced` when glare canceled it; empty otherwise. */
  get cancelReason(): string {
    return this.actor.getSnapshot().context.cancelReason;
  }

  /**
   * The callee device whose answer the caller took, once it accepted or refused. On a user with several
   * devices, every other device of the callee ends ANSWERED_ELSEWHERE or REFUSED_ELSEWHERE.
   */
  get answeringDeviceId(): string | undefined {
    return this.actor.getSnapshot().context.answeringDevice;
  }

  /** Why the invitation failed, once it is in FAILURE. */
  get failureReason(): LocalInvitationFailureReason | undefined {
    return this.actor.getSnapshot().context.failureReason;
  }

  /** Sends the invitation. Returns OK, INVALID_ARGUMENT, ALREADY_SENT or ALREADY_END. */
  send(): InvitationApiCallError {
    return askChart(this.actor, { type: 'SEND' });
  }

  /**
   * Cancels a sent invitation. The callee receives `reason` (at most 64 bytes of UTF-8) as its
   * `cancelReason`, with the invitation's current content. Returns OK, INVALID_ARGUMENT (reason too
   * long), NOT_STARTED or ALREADY_END.
   */
  cancel(options: { readonly reason?: string } = {}): InvitationApiCallError {
    const { reason } = options;
    return askChart(this.actor, reason === undefined ? { type: 'CANCEL' } : { type: 'CANCEL', reason });
  }

  /**
   * How the invitation ended, once it has: resolves after the ending's
   * callback ran, and never rejects. Pending until the invitation ends
   * (closing the kit ends it with FAILURE(NOT_LOGGEDIN)).
   *
   * @example
   * ```ts
   * const outcome = await invitation.outcome;
   * if (outcome.state === 'ACCEPTED_BY_REMOTE') join(outcome.response);
   * ```
   */
  get outcome(): Promise<LocalInvitationOutcome> {
    return this.#outcome.promise;
  }

  /**
   * Registers a callback; returns a function that removes it. Pass
   * `{ signal }` to remove it when an `AbortSignal` aborts.
   */
  on<E extends keyof LocalInvitationEvents>(
    event: E,
    handler: LocalInvitationEvents[E],
    options?: ListenerOptions,
  ): () => void {
    return this.#listeners.on(event, handler, options);
  }

  /** Registers a callback for the next `event` only; returns a function that removes it. */
  once<E extends keyof LocalInvitationEvents>(
    event: E,
    handler: LocalInvitationEvents[E],
    options?: ListenerOptions,
  ): () => void {
    return this.#listeners.once(event, handler, options);
  }

  /** Removes a callback registered with `on` or `once`. */
  off<E extends keyof LocalInvitationEvents>(event: E, handler: LocalInvitationEvents[E]): void {
    this.#listeners.off(event, handler);
  }

  #update(event: { type: 'UPDATE'; content?: string; channelId?: string }): void {
    // Only IDLE takes updates; afterwards the values already went out on the wire.
    if (this.actor.getSnapshot().status === 'active') this.actor.send(event);
  }
}
