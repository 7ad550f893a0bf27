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
  /** Ended: the caller canceled; `content` is the caller's content. */
  RemoteInvitationCanceled: (content: string) => void;
  /** Ended: the invitation failed. */
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
 * The content that RemoteInvitationCanceled carries. In Agora it is the
 * caller's content at the time of the cancel. Protocol v1 sends no content
 * with a cancel, so until the cancel frame carries one this is the content the
 * invite brought. This function is the only place that reads it: wire the
 * cancel frame's content in here.
 */
function contentSentWithCancel(kitInvitation: KitRemoteInvitation): string {
  return kitInvitation.content;
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
  #contentAtCancel: string | undefined;

  /** @internal Created by the client when an invitation arrives. */
  constructor(kitInvitation: KitRemoteInvitation, reportError: (error: unknown) => void) {
    this.kitInvitation = kitInvitation;
    const emitter = new AgoraEventEmitter<RemoteInvitationEvents>(REMOTE_INVITATION_EVENTS, unknownEvent, reportError);
    this.#emitter = emitter;
    kitInvitation.on('accepted', () => emitter.emit('RemoteInvitationAccepted'));
    kitInvitation.on('refused', () => emitter.emit('RemoteInvitationRefused'));
    kitInvitation.on('canceled', () => {
      // As in Agora, `content` reads the cancel's content from now on.
      this.#contentAtCancel = contentSentWithCancel(kitInvitation);
      emitter.emit('RemoteInvitationCanceled', this.#contentAtCancel);
    });
    kitInvitation.on('failure', (reason) =>
      emitter.emit('RemoteInvitationFailure', RemoteInvitationFailureReason[reason]),
    );
  }

  /** The callee's state; see {@link RemoteInvitationState}. */
  get state(): RemoteInvitationState {
    return RemoteInvitationState[this.kitInvitation.state];
  }

  /** Uid of the caller, as the transport authenticated it. */
  get callerId(): string {
    return this.kitInvitation.callerId;
  }

  /** The caller's content (after a cancel, the content the cancel carried). Read-only: assigning throws RtmInvalidArgumentError. */
  get content(): string {
    return this.#contentAtCancel ?? this.kitInvitation.content;
  }

  set content(_readOnly: never) {
    throw readOnlyPropertyError('content', 'RemoteInvitation');
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
   * Refuses with the `response` property. Throws RtmInvalidStatusError
   * (code 4) while an accept is pending, (code 3) after the end;
   * RtmInvalidArgumentError (code 1) for a response over 8192 bytes.
   */
  refuse(): void {
    throwUnlessOk(this.kitInvitation.refuse(), 'RemoteInvitation.refuse()');
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
