import type { Actor } from 'xstate';
import type {
  InvitationApiCallError,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from '../machines/constants.js';
import { remoteInvitationStateOf } from '../machines/public-state.js';
import type { remoteInvitationMachine } from '../machines/remote-invitation.machine.js';
import type { RemoteInvitationEmitted } from '../machines/remote-invitation.types.js';
import { askChart } from './ask-chart.js';
import { Listeners, type ListenerOptions } from './listeners.js';
import { OutcomePromise, type RemoteInvitationOutcome } from './outcome.js';

/** The callbacks of a {@link RemoteInvitation}. Exactly one of them fires, once. */
export interface RemoteInvitationEvents {
  /** Ended: the caller confirmed the acceptance (third handshake). */
  readonly accepted: () => void;
  /** Ended: the refusal went out. */
  readonly refused: () => void;
  /** Ended: the caller canceled, with its reason (empty when it gave none; `replaced` after glare). */
  readonly canceled: (reason: string) => void;
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
  /** The caller's channel id. */
  readonly channelId: string;
  /** The running chart, for inspection or for embedding in an app's own actors. */
  readonly actor: RemoteInvitationActor;
  readonly #listeners: Listeners<RemoteInvitationEvents>;
  readonly #outcome = new OutcomePromise<RemoteInvitationOutcome>();

  /**
   * @internal Created by the kit, which owns the actor's lifetime. `host` is the kit's own handler of
   * the chart's emitted events, one function for all its invitations: each invitation registers one
   * listener on its actor, which hands every event to the kit first and then to the app's callbacks.
   */
  constructor(
    actor: RemoteInvitationActor,
    reportError: (error: unknown) => void,
    host: (invitation: RemoteInvitation, emitted: RemoteInvitationEmitted) => void,
  ) {
    const { context } = actor.getSnapshot();
    this.id = context.id;
    this.callerId = context.callerId;
    this.channelId = context.channelId;
    this.actor = actor;
    this.#listeners = new Listeners<RemoteInvitationEvents>(REMOTE_INVITATION_EVENTS, reportError);
    actor.on('*', (emitted) => {
      host(this, emitted);
      switch (emitted.type) {
        case 'accepted':
          this.#listeners.emitSoon('accepted');
          break;
        case 'refused':
          this.#listeners.emitSoon('refused');
          break;
        case 'canceled':
          this.#listeners.emitSoon('canceled', emitted.reason);
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

  /** The caller's content: as invited, then as the caller's cancel carried it if it canceled. */
  get content(): string {
    return this.actor.getSnapshot().context.content;
  }

  /** The caller's device that sent the invitation. */
  get callerDeviceId(): string {
    return this.actor.getSnapshot().context.callerDeviceId;
  }

  /** Why the caller canceled, once it did: its `cancel({ reason })`, `replaced` after glare, or empty. */
  get cancelReason(): string {
    return this.actor.getSnapshot().context.cancelReason;
  }

  /** Why this device refused, once it did: `declined` unless `refuse({ reason })` said otherwise. */
  get refuseReason(): string {
    return this.actor.getSnapshot().context.refuseReason;
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

  /**
   * Refuses, with `response` if given (else the `response` property) and `reason` (default `declined`;
   * `busy`, or the app's own word of at most 64 bytes of UTF-8). A refusal ends the invitation on every
   * device of this user: the others end REFUSED_ELSEWHERE. The old form `refuse(response)` still works.
   * Returns OK, INVALID_ARGUMENT, ALREADY_ACCEPT or ALREADY_END.
   */
  refuse(options?: string | { readonly reason?: string; readonly response?: string }): InvitationApiCallError {
    const { response, reason } = typeof options === 'string' ? { response: options, reason: undefined } : (options ?? {});
    return askChart(this.actor, {
      type: 'REFUSE',
      ...(response === undefined ? {} : { response }),
      ...(reason === undefined ? {} : { reason }),
    });
  }

  /**
   * Stops ringing on this device only, and ends the invitation here in IGNORED without telling
   * anyone: the caller keeps ringing the user's other devices, and ends on its own terms. No
   * callback fires (the app asked for it). Returns OK, ALREADY_ACCEPT or ALREADY_END.
   */
  ignore(): InvitationApiCallError {
    const result = askChart(this.actor, { type: 'IGNORE' });
    // No callback marks this ending: the chart recorded the outcome when it said OK.
    this.#endWithTheChartsOutcome();
    return result;
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
