import type { Actor } from 'xstate';
import type {
  InvitationApiCallError,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from '../machines/constants.js';
import { remoteInvitationStateOf } from '../machines/public-state.js';
import type { remoteInvitationMachine } from '../machines/remote-invitation.machine.js';
import { askChart } from './ask-chart.js';
import { Listeners, type ListenerOptions } from './listeners.js';
import { OutcomePromise, type RemoteInvitationOutcome } from './outcome.js';

/** The callbacks of a {@link RemoteInvitation}. Exactly one of them fires, once. */
export interface RemoteInvitationEvents {
  /** Ended: the caller confirmed the acceptance (third handshake). */
  readonly accepted: () => void;
  /** Ended: the refusal went out. */
  readonly refused: () => void;
  /** Ended: the caller canceled. */
  readonly canceled: () => void;
  /** Ended: the invitation failed. */
  readonly failure: (reason: RemoteInvitationFailureReason) => void;
}

const REMOTE_INVITATION_EVENTS = ['accepted', 'refused', 'canceled', 'failure'] as const;

/** The actor behind a {@link RemoteInvitation}. */
export type RemoteInvitationActor = Actor<typeof remoteInvitationMachine>;

/**
 * The callee's handle on one invitation (Agora's RemoteInvitation), handed to
 * the app by the kit's `remoteInvitationReceived` callback. Every method
 * returns the chart's answer and never throws for a call at the wrong time.
 */
export class RemoteInvitation {
  /** Unique id of this invitation, chosen by the caller. */
  readonly id: string;
  /** Who is calling, as the transport authenticated it. */
  readonly callerId: string;
  /** The caller's content. */
  readonly content: string;
  /** The caller's channel id. */
  readonly channelId: string;
  /** The running chart, for inspection or for embedding in an app's own actors. */
  readonly actor: RemoteInvitationActor;
  readonly #listeners: Listeners<RemoteInvitationEvents>;
  readonly #outcome = new OutcomePromise<RemoteInvitationOutcome>();

  /** @internal Created by the kit, which owns the actor's lifetime. */
  constructor(actor: RemoteInvitationActor, reportError: (error: unknown) => void) {
    const { context } = actor.getSnapshot();
    this.id = context.id;
    this.callerId = context.callerId;
    this.content = context.content;
    this.channelId = context.channelId;
    this.actor = actor;
    this.#listeners = new Listeners<RemoteInvitationEvents>(REMOTE_INVITATION_EVENTS, reportError);
    actor.on('*', (emitted) => {
      switch (emitted.type) {
        case 'accepted':
          this.#listeners.emitSoon('accepted');
          this.#outcome.end({ state: 'ACCEPTED', response: actor.getSnapshot().context.response });
          break;
        case 'refused':
          this.#listeners.emitSoon('refused');
          this.#outcome.end({ state: 'REFUSED', response: actor.getSnapshot().context.response });
          break;
        case 'canceled':
          this.#listeners.emitSoon('canceled');
          this.#outcome.end({ state: 'CANCELED' });
          break;
        case 'failure':
          this.#listeners.emitSoon('failure', emitted.reason);
          this.#outcome.end({ state: 'FAILURE', reason: emitted.reason });
          break;
        default:
          break;
      }
    });
  }

  /** The callee's public state. */
  get state(): RemoteInvitationState {
    return remoteInvitationStateOf(this.actor.getSnapshot());
  }

  /** The response sent with accept or refuse (at most 8192 bytes of UTF-8). Settable while ringing. */
  get response(): string {
    return this.actor.getSnapshot().context.response;
  }

  set response(response: string) {
    if (this.actor.getSnapshot().status === 'active') this.actor.send({ type: 'UPDATE', response });
  }

  /** Why the invitation failed, once it is in FAILURE. */
  get failureReason(): RemoteInvitationFailureReason | undefined {
    return this.actor.getSnapshot().context.failureReason;
  }

  /**
   * Accepts, with `response` if given (else the `response` property). The call
   * connects when the caller confirms: `accepted` fires then. Returns OK,
   * INVALID_ARGUMENT, ALREADY_ACCEPT or ALREADY_END.
   */
  accept(response?: string): InvitationApiCallError {
    return askChart(this.actor, response === undefined ? { type: 'ACCEPT' } : { type: 'ACCEPT', response });
  }

  /** Refuses, with `response` if given (else the `response` property). Returns OK, INVALID_ARGUMENT, ALREADY_ACCEPT or ALREADY_END. */
  refuse(response?: string): InvitationApiCallError {
    return askChart(this.actor, response === undefined ? { type: 'REFUSE' } : { type: 'REFUSE', response });
  }

  /**
   * How the invitation ended, once it has: resolves after the ending's
   * callback ran, and never rejects. Pending until the invitation ends
   * (closing the kit ends it with FAILURE(NOT_LOGGEDIN)).
   */
  get outcome(): Promise<RemoteInvitationOutcome> {
    return this.#outcome.promise;
  }

  /**
   * Registers a callback; returns a function that removes it. Pass
   * `{ signal }` to remove it when an `AbortSignal` aborts.
   */
  on<E extends keyof RemoteInvitationEvents>(
    event: E,
    handler: RemoteInvitationEvents[E],
    options?: ListenerOptions,
  ): () => void {
    return this.#listeners.on(event, handler, options);
  }

  /** Registers a callback for the next `event` only; returns a function that removes it. */
  once<E extends keyof RemoteInvitationEvents>(
    event: E,
    handler: RemoteInvitationEvents[E],
    options?: ListenerOptions,
  ): () => void {
    return this.#listeners.once(event, handler, options);
  }

  /** Removes a callback registered with `on` or `once`. */
  off<E extends keyof RemoteInvitationEvents>(event: E, handler: RemoteInvitationEvents[E]): void {
    this.#listeners.off(event, handler);
  }
}
