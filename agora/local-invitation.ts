import type { LocalInvitation as KitLocalInvitation } from '../kit/local-invitation.js';
import type { LocalInvitationOutcome } from '../kit/outcome.js';
import { isAgoraId } from './agora-id.js';
import { InvitationApiCallErrorCode, LocalInvitationFailureReason, LocalInvitationState } from './constants.js';
import { RtmInvalidArgumentError, readOnlyPropertyError, throwUnlessOk } from './errors.js';
import { AgoraEventEmitter, type AgoraListener } from './event-emitter.js';

/** The events of a {@link LocalInvitation}, under Agora's names, in the order an app can see them. */
export interface LocalInvitationEvents {
  /** The callee acknowledged the invitation: it is ringing there. Always before Accepted or Refused. */
  LocalInvitationReceivedByPeer: () => void;
  /** Ended: the callee accepted, with its response. */
  LocalInvitationAccepted: (response: string) => void;
  /** Ended: the callee refused, with its response. */
  LocalInvitationRefused: (response: string) => void;
  /** Ended: the cancel is done (after the callee's own RemoteInvitationCanceled, when it could be reached). */
  LocalInvitationCanceled: () => void;
  /** Ended: the invitation failed. */
  LocalInvitationFailure: (reason: LocalInvitationFailureReason) => void;
}

const LOCAL_INVITATION_EVENTS = [
  'LocalInvitationReceivedByPeer',
  'LocalInvitationAccepted',
  'LocalInvitationRefused',
  'LocalInvitationCanceled',
  'LocalInvitationFailure',
] as const;

function unknownEvent(event: string): TypeError {
  return new TypeError(`LocalInvitation has no event ${JSON.stringify(event)}; expected one of ${LOCAL_INVITATION_EVENTS.join(', ')}`);
}

/**
 * The caller's invitation, shaped like Agora RTM 1.x web's `LocalInvitation`:
 * PascalCase events through `on`/`once`/`off`, methods that return nothing
 * and throw Agora's errors on misuse. Get one from
 * `client.createLocalInvitation(calleeId)`.
 *
 * The kit's chart decides every call; this class only turns its answers into
 * Agora's throws and its callbacks into Agora's events.
 */
export class LocalInvitation {
  /** The kit's invitation underneath: its `actor`, `id`, `outcome` and camelCase callbacks. */
  readonly kitInvitation: KitLocalInvitation;
  readonly #emitter: AgoraEventEmitter<LocalInvitationEvents>;

  /** @internal Created by `RtmClient.createLocalInvitation`. */
  constructor(kitInvitation: KitLocalInvitation, reportError: (error: unknown) => void) {
    this.kitInvitation = kitInvitation;
    const emitter = new AgoraEventEmitter<LocalInvitationEvents>(LOCAL_INVITATION_EVENTS, unknownEvent, reportError);
    this.#emitter = emitter;
    kitInvitation.on('receivedByPeer', () => emitter.emit('LocalInvitationReceivedByPeer'));
    kitInvitation.on('accepted', (response) => emitter.emit('LocalInvitationAccepted', response));
    kitInvitation.on('refused', (response) => emitter.emit('LocalInvitationRefused', response));
    kitInvitation.on('canceled', () => emitter.emit('LocalInvitationCanceled'));
    kitInvitation.on('failure', (reason) => emitter.emit('LocalInvitationFailure', LocalInvitationFailureReason[reason]));
  }

  /** The caller's state; see {@link LocalInvitationState}. */
  get state(): LocalInvitationState {
    return LocalInvitationState[this.kitInvitation.state];
  }

  /** Uid of the callee. */
  get calleeId(): string {
    return this.kitInvitation.calleeId;
  }

  /**
   * Content for the callee, at most 8192 bytes of UTF-8 (checked by `send()`).
   * Taken until the invitation is sent and ignored afterwards: the kit's
   * invitation fixes its content at `send()`, so a cancel carries the content
   * that was sent (Agora sends the content set since).
   */
  get content(): string {
    return this.kitInvitation.content;
  }

  set content(content: string) {
    this.kitInvitation.content = content;
  }

  /** Channel id for the callee (Agora's id characters, at most 64). Settable until sent; ignored afterwards, as in Agora. */
  get channelId(): string {
    return this.kitInvitation.channelId;
  }

  set channelId(channelId: string) {
    this.kitInvitation.channelId = channelId;
  }

  /** The callee's response once it accepted or refused. Read-only: assigning throws RtmInvalidArgumentError, as in Agora. */
  get response(): string {
    return this.kitInvitation.response;
  }

  set response(_readOnly: never) {
    throw readOnlyPropertyError('response', 'LocalInvitation');
  }

  /**
   * Why the callee refused, once it did (an extension of Agora's API):
   * `declined` by default, `busy`, `replaced` when the callee was calling this
   * user at the same time and that call won, or the callee app's own word.
   * Read it in the LocalInvitationRefused listener.
   */
  get refuseReason(): string {
    return this.kitInvitation.refuseReason;
  }

  /** The reason this invitation's cancel carried (an extension of Agora's API): `cancel({ reason })`, `replaced` after glare, or empty. */
  get cancelReason(): string {
    return this.kitInvitation.cancelReason;
  }

  /** How the invitation ended, once it has (an extension of Agora's API); never rejects. */
  get outcome(): Promise<LocalInvitationOutcome> {
    return this.kitInvitation.outcome;
  }

  /**
   * Sends the invitation. Throws RtmInvalidStatusError (code 5) when already
   * sent, (code 3) when ended; RtmInvalidArgumentError (code 1) for a channel
   * id outside Agora's characters or content over 8192 bytes.
   */
  send(): void {
    // Agora checks the channel id's characters where the send would be taken, after the status checks.
    if (this.kitInvitation.state === 'IDLE' && this.channelId !== '' && !isAgoraId(this.channelId)) {
      throw new RtmInvalidArgumentError(
        `LocalInvitation.send() failed: invalid channel id ${JSON.stringify(this.channelId)}`,
        InvitationApiCallErrorCode.INVITATION_API_CALL_ERR_INVALID_ARGUMENT,
      );
    }
    throwUnlessOk(this.kitInvitation.send(), 'LocalInvitation.send()');
  }

  /**
   * Cancels the sent invitation; LocalInvitationCanceled follows once the
   * callee has confirmed (or could not be reached). `options.reason` (an
   * extension of Agora's API, at most 64 bytes of UTF-8) reaches the callee
   * as its `cancelReason`. Throws RtmInvalidStatusError (code 2) before send,
   * (code 3) after the end; RtmInvalidArgumentError (code 1) for a reason
   * over 64 bytes.
   */
  cancel(options?: { readonly reason?: string }): void {
    throwUnlessOk(this.kitInvitation.cancel(options ?? {}), 'LocalInvitation.cancel()');
  }

  /** Adds `listener` for `eventName`; returns this invitation. */
  on<E extends keyof LocalInvitationEvents>(eventName: E, listener: AgoraListener<LocalInvitationEvents[E]>): this {
    this.#emitter.add(eventName, listener, false);
    return this;
  }

  /** Adds `listener` for the next `eventName` only; returns this invitation. */
  once<E extends keyof LocalInvitationEvents>(eventName: E, listener: AgoraListener<LocalInvitationEvents[E]>): this {
    this.#emitter.add(eventName, listener, true);
    return this;
  }

  /** Removes the most recently added copy of `listener` from `eventName`; returns this invitation. */
  off<E extends keyof LocalInvitationEvents>(eventName: E, listener: AgoraListener<LocalInvitationEvents[E]>): this {
    this.#emitter.remove(eventName, listener);
    return this;
  }

  /** Removes every listener of `eventName`, or of every event; returns this invitation. */
  removeAllListeners<E extends keyof LocalInvitationEvents>(eventName?: E): this {
    this.#emitter.removeAll(eventName);
    return this;
  }

  /** The listeners of `eventName`, in call order. */
  listeners<E extends keyof LocalInvitationEvents>(eventName: E): AgoraListener<LocalInvitationEvents[E]>[] {
    return this.#emitter.listeners(eventName);
  }

  /** The same as `listeners`: the facade keeps once-listeners unwrapped. */
  rawListeners<E extends keyof LocalInvitationEvents>(eventName: E): AgoraListener<LocalInvitationEvents[E]>[] {
    return this.#emitter.listeners(eventName);
  }

  /** How many listeners `eventName` has. */
  listenerCount<E extends keyof LocalInvitationEvents>(eventName: E): number {
    return this.#emitter.listeners(eventName).length;
  }
}
