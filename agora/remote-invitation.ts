import type { RemoteInvitationOutcome } from '../kit/outcome.js';
import type { RemoteInvitation as KitRemoteInvitation } from '../kit/remote-invitation.js';
import { RemoteInvitationFailureReason, RemoteInvitationState } from './constants.js';
import { readOnlyPropertyError, throwUnlessOk } from './errors.js';
import { AgoraEventEmitter, type AgoraListener } from './event-emitter.js';

/** The events of a {@link RemoteInvitation}, under Agora's names. Exactly one of them fires, once. */
export interface RemoteInvitationEvents {
  /** Ended: the caller confirmed the acceptance (third handshake). */
  RemoteInvitationAccepted: () => void;
  /** Ended: the refusal went out. */
  RemoteInvitationRefused: () => void;
  /** Ended: the caller canceled; `content` is the caller's content as its cancel carried it. */
  RemoteInvitationCanceled: (content: string) => void;
  /**
   * Ended: the invitation failed. Also how this device hears that another device of the same
   * user answered (ANSWERED_ELSEWHERE) or refused (REFUSED_ELSEWHERE): it stops ringing and
   * takes no part in the call.
   */
  RemoteInvitationFailure: (reason: RemoteInvitationFailureReason) => void;
}

const REMOTE_INVITATION_EVENTS = [
  'RemoteInvitationAccepted',
  'RemoteInvitationRefused',
  'RemoteInvitationCanceled',
  'RemoteInvitationFailure',
] as const;

function unknownEvent(event: string): TypeError {
  return new TypeError(`RemoteInvitation has no event ${JSON.stringify(event)}; expected one of ${REMOTE_INVITATION_EVENTS.join(', ')}`);
}

/**
 * The content that RemoteInvitationCanceled carries: as in Agora, the
 * caller's content at the time of the cancel. The protocol's `cancel` frame
 * carries it, and once the kit's invitation is canceled its `content` is the
 * cancel's, so this is the one place that reads it.
 */
function contentSentWithCancel(kitInvitation: KitRemoteInvitation): string {
  return kitInvitation.content;
}

/**
 * The kit's state under Agora's enum. `IGNORED` has no member there (adding
 * one would break the enum's assignability to Agora's), so it reads as
 * `REFUSED`: the user turned the call down on this device, though nothing was
 * sent.
 */
function agoraStateOf(state: KitRemoteInvitation['state']): RemoteInvitationState {
  return state === 'IGNORED' ? RemoteInvitationState.REFUSED : RemoteInvitationState[state];
}

/**
 * The callee's invitation, shaped like Agora RTM 1.x web's `RemoteInvitation`:
 * handed over by the client's RemoteInvitationReceived event, PascalCase
 * events through `on`/`once`/`off`, `accept()`/`refuse()` that return
 * nothing and throw Agora's errors on misuse.
 *
 * The kit's chart decides every call; this class only turns its answers into
 * Agora's throws and its callbacks into Agora's events.
 */
export class RemoteInvitation {
  /** The kit's invitation underneath: its `actor`, `id`, `outcome` and camelCase callbacks. */
  readonly kitInvitation: KitRemoteInvitation;
  readonly #emitter: AgoraEventEmitter<RemoteInvitationEvents>;

  /** @internal Created by the client when an invitation arrives. */
  constructor(kitInvitation: KitRemoteInvitation, reportError: (error: unknown) => void) {
    this.kitInvitation = kitInvitation;
    const emitter = new AgoraEventEmitter<RemoteInvitationEvents>(REMOTE_INVITATION_EVENTS, unknownEvent, reportError);
    this.#emitter = emitter;
    kitInvitation.on('accepted', () => emitter.emit('RemoteInvitationAccepted'));
    kitInvitation.on('refused', () => emitter.emit('RemoteInvitationRefused'));
    kitInvitation.on('canceled', () => emitter.emit('RemoteInvitationCanceled', contentSentWithCancel(kitInvitation)));
    kitInvitation.on('failure', (reason) =>
      emitter.emit('RemoteInvitationFailure', RemoteInvitationFailureReason[reason]),
    );
  }

  /** The callee's state; see {@link RemoteInvitationState}. */
  get state(): RemoteInvitationState {
    return agoraStateOf(this.kitInvitation.state);
  }

  /** Uid of the caller, as the transport authenticated it. */
  get callerId(): string {
    return this.kitInvitation.callerId;
  }

  /** The caller's content (after a cancel, the content the cancel carried). Read-only: assigning throws RtmInvalidArgumentError. */
  get content(): string {
    return this.kitInvitation.content;
  }

  set content(_readOnly: never) {
    throw readOnlyPropertyError('content', 'RemoteInvitation');
  }

  /**
   * Why the caller canceled, once it did (an extension of Agora's API): its
   * `cancel({ reason })`, `replaced` when two users called each other at
   * once, or empty. Read it in the RemoteInvitationCanceled listener.
   */
  get cancelReason(): string {
    return this.kitInvitation.cancelReason;
  }

  /** Why this device refused, once it did (an extension of Agora's API): `declined` unless `refuse({ reason })` said otherwise. */
  get refuseReason(): string {
    return this.kitInvitation.refuseReason;
  }

  /** The caller's channel id. Read-only: assigning throws RtmInvalidArgumentError. */
  get channelId(): string {
    return this.kitInvitation.channelId;
  }

  set channelId(_readOnly: never) {
    throw readOnlyPropertyError('channelId', 'RemoteInvitation');
  }

  /** The response `accept()` or `refuse()` sends, at most 8192 bytes of UTF-8. Set it before calling them. */
  get response(): string {
    return this.kitInvitation.response;
  }

  set response(response: string) {
    this.kitInvitation.response = response;
  }

  /** How the invitation ended, once it has (an extension of Agora's API); never rejects. */
  get outcome(): Promise<RemoteInvitationOutcome> {
    return this.kitInvitation.outcome;
  }

  /**
   * Accepts with the `response` property; RemoteInvitationAccepted follows
   * when the caller confirms. Throws RtmInvalidStatusError (code 4) while an
   * accept is pending, (code 3) after the end; RtmInvalidArgumentError
   * (code 1) for a response over 8192 bytes.
   */
  accept(): void {
    throwUnlessOk(this.kitInvitation.accept(), 'RemoteInvitation.accept()');
  }

  /**
   * Refuses with the `response` property, as in Agora; `options` (an
   * extension of Agora's API) may give the `response` and a `reason` for the
   * caller's `refuseReason` (default `declined`; `busy`, or the app's word of
   * at most 64 bytes of UTF-8). A refusal ends the invitation on every device
   * of this user: the others get RemoteInvitationFailure(REFUSED_ELSEWHERE).
   * Throws RtmInvalidStatusError (code 4) while an accept is pending, (code 3)
   * after the end; RtmInvalidArgumentError (code 1) for a response over 8192
   * bytes or a reason over 64.
   */
  refuse(options?: { readonly reason?: string; readonly response?: string }): void {
    throwUnlessOk(this.kitInvitation.refuse(options ?? {}), 'RemoteInvitation.refuse()');
  }

  /**
   * Stops ringing on this device only (an extension of Agora's API): nothing
   * is sent, the caller keeps ringing this user's other devices, and no event
   * fires here (the app asked for it). `state` then reads REFUSED, and
   * `outcome` resolves to `{ state: 'IGNORED' }`. Throws RtmInvalidStatusError
   * (code 4) while an accept is pending, (code 3) after the end.
   */
  ignore(): void {
    throwUnlessOk(this.kitInvitation.ignore(), 'RemoteInvitation.ignore()');
  }

  /** Adds `listener` for `eventName`; returns this invitation. */
  on<E extends keyof RemoteInvitationEvents>(eventName: E, listener: AgoraListener<RemoteInvitationEvents[E]>): this {
    this.#emitter.add(eventName, listener, false);
    return this;
  }

  /** Adds `listener` for the next `eventName` only; returns this invitation. */
  once<E extends keyof RemoteInvitationEvents>(eventName: E, listener: AgoraListener<RemoteInvitationEvents[E]>): this {
    this.#emitter.add(eventName, listener, true);
    return this;
  }

  /** Removes the most recently added copy of `listener` from `eventName`; returns this invitation. */
  off<E extends keyof RemoteInvitationEvents>(eventName: E, listener: AgoraListener<RemoteInvitationEvents[E]>): this {
    this.#emitter.remove(eventName, listener);
    return this;
  }

  /** Removes every listener of `eventName`, or of every event; returns this invitation. */
  removeAllListeners<E extends keyof RemoteInvitationEvents>(eventName?: E): this {
    this.#emitter.removeAll(eventName);
    return this;
  }

  /** The listeners of `eventName`, in call order. */
  listeners<E extends keyof RemoteInvitationEvents>(eventName: E): AgoraListener<RemoteInvitationEvents[E]>[] {
    return this.#emitter.listeners(eventName);
  }

  /** The same as `listeners`: the facade keeps once-listeners unwrapped. */
  rawListeners<E extends keyof RemoteInvitationEvents>(eventName: E): AgoraListener<RemoteInvitationEvents[E]>[] {
    return this.#emitter.listeners(eventName);
  }

  /** How many listeners `eventName` has. */
  listenerCount<E extends keyof RemoteInvitationEvents>(eventName: E): number {
    return this.#emitter.listeners(eventName).length;
  }
}
