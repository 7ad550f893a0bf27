import { createCallKit, type CallKit } from '../kit/call-kit.js';
import type { CallKitOptions } from '../kit/options.js';
import { isAgoraId } from './agora-id.js';
import { InvitationApiCallErrorCode } from './constants.js';
import { RtmInvalidArgumentError, RtmUnsupportedError } from './errors.js';
import { AgoraEventEmitter, type AgoraListener } from './event-emitter.js';
import { LocalInvitation } from './local-invitation.js';
import { RemoteInvitation } from './remote-invitation.js';

/** The client's events under Agora's names: of Agora's `RtmClientEvents`, only the invitation one. */
export interface RtmClientEvents {
  /** A call invitation arrived; it is ringing. Answer with `accept()` or `refuse()`. */
  RemoteInvitationReceived: (remoteInvitation: RemoteInvitation) => void;
}

const CLIENT_EVENTS = ['RemoteInvitationReceived'] as const;

/** Options of {@link createAgoraCompatibleClient}: the kit's options, `userId` and `transport` first. */
export type AgoraCompatibleClientOptions = CallKitOptions;

// The members of Agora's RtmClient that are out of scope, each with where to go instead.
const LOGIN_HINT = 'Connect a Transport and pass it to createAgoraCompatibleClient({ userId, transport }) instead.';
const UNSUPPORTED_MEMBERS: Readonly<Record<string, string>> = {
  login: LOGIN_HINT,
  logout: 'Call client.close() to end every pending invitation and close the transport.',
  renewToken: LOGIN_HINT,
  updateConfig: LOGIN_HINT,
  setParameters: LOGIN_HINT,
  createChannel: 'Channels are out of scope: put the media channel name in the invitation content.',
  getChannelMemberCount: 'Channels are out of scope.',
  getChannelAttributes: 'Channels are out of scope.',
  getChannelAttributesByKeys: 'Channels are out of scope.',
  setChannelAttributes: 'Channels are out of scope.',
  addOrUpdateChannelAttributes: 'Channels are out of scope.',
  deleteChannelAttributesByKeys: 'Channels are out of scope.',
  clearChannelAttributes: 'Channels are out of scope.',
  sendMessageToPeer: 'Peer messages are out of scope: send them over your own transport.',
  createMessage: 'Peer messages are out of scope: send them over your own transport.',
  queryPeersOnlineStatus: 'Presence is out of scope: a failed invitation reports PEER_OFFLINE.',
  subscribePeersOnlineStatus: 'Presence is out of scope.',
  unsubscribePeersOnlineStatus: 'Presence is out of scope.',
  queryPeersBySubscriptionOption: 'Presence is out of scope.',
  setLocalUserAttributes: 'User attributes are out of scope.',
  addOrUpdateLocalUserAttributes: 'User attributes are out of scope.',
  deleteLocalUserAttributesByKeys: 'User attributes are out of scope.',
  clearLocalUserAttributes: 'User attributes are out of scope.',
  getUserAttributes: 'User attributes are out of scope.',
  getUserAttributesByKeys: 'User attributes are out of scope.',
  createMetadataItem: 'Metadata is out of scope.',
  getUserMetadata: 'Metadata is out of scope.',
  setLocalUserMetadata: 'Metadata is out of scope.',
  clearLocalUserMetadata: 'Metadata is out of scope.',
  addLocalUserMetadata: 'Metadata is out of scope.',
  updateLocalUserMetadata: 'Metadata is out of scope.',
  deleteLocalUserMetadata: 'Metadata is out of scope.',
  subscribeUserMetadata: 'Metadata is out of scope.',
  unsubscribeUserMetadata: 'Metadata is out of scope.',
};

function unsupportedEvent(event: string): RtmUnsupportedError {
  return new RtmUnsupportedError(
    `The client event ${JSON.stringify(event)}`,
    `The client emits RemoteInvitationReceived only; invitations emit their own events.`,
  );
}

/**
 * A client shaped like Agora RTM 1.x web's `RtmClient`, for its call
 * invitations only: `createLocalInvitation`, the RemoteInvitationReceived
 * event, and Agora's listener methods. Make one with
 * {@link createAgoraCompatibleClient}.
 *
 * The rest of Agora's client (login, channels, peer messages, presence,
 * attributes, metadata) is out of scope: those members are absent from the
 * type, and calling one from JavaScript throws {@link RtmUnsupportedError}
 * naming it.
 */
export class RtmClient {
  /** The kit underneath, for its camelCase API, `stats()` and options. */
  readonly kit: CallKit;
  readonly #emitter: AgoraEventEmitter<RtmClientEvents>;
  readonly #reportError: (error: unknown) => void;

  /** @internal Use {@link createAgoraCompatibleClient}. */
  constructor(kit: CallKit, reportError: (error: unknown) => void) {
    this.kit = kit;
    this.#reportError = reportError;
    const emitter = new AgoraEventEmitter<RtmClientEvents>(CLIENT_EVENTS, unsupportedEvent, reportError);
    this.#emitter = emitter;
    kit.on('remoteInvitationReceived', (invitation) =>
      emitter.emit('RemoteInvitationReceived', new RemoteInvitation(invitation, reportError)),
    );
  }

  /** This user's id. */
  get userId(): string {
    return this.kit.userId;
  }

  /**
   * This device's id (an extension of Agora's API): one user may be connected
   * from several devices, and every one of them rings. Set it with the
   * `deviceId` option; generated when absent.
   */
  get deviceId(): string {
    return this.kit.deviceId;
  }

  /**
   * Creates an invitation to `calleeId`, in IDLE; set `content` (and
   * `channelId`), then `send()` it. Throws RtmInvalidArgumentError (code 1)
   * when `calleeId` is not an id Agora accepts.
   */
  createLocalInvitation(calleeId: string): LocalInvitation {
    if (!isAgoraId(calleeId)) {
      throw new RtmInvalidArgumentError(
        `createLocalInvitation failed: invalid calleeId ${JSON.stringify(calleeId)}`,
        InvitationApiCallErrorCode.INVITATION_API_CALL_ERR_INVALID_ARGUMENT,
      );
    }
    return new LocalInvitation(this.kit.createLocalInvitation(calleeId), this.#reportError);
  }

  /** Adds `listener` for `eventName`; returns this client. Other Agora client events throw RtmUnsupportedError. */
  on<E extends keyof RtmClientEvents>(eventName: E, listener: AgoraListener<RtmClientEvents[E]>): this {
    this.#emitter.add(eventName, listener, false);
    return this;
  }

  /** Adds `listener` for the next `eventName` only; returns this client. */
  once<E extends keyof RtmClientEvents>(eventName: E, listener: AgoraListener<RtmClientEvents[E]>): this {
    this.#emitter.add(eventName, listener, true);
    return this;
  }

  /** Removes the most recently added copy of `listener` from `eventName`; returns this client. */
  off<E extends keyof RtmClientEvents>(eventName: E, listener: AgoraListener<RtmClientEvents[E]>): this {
    this.#emitter.remove(eventName, listener);
    return this;
  }

  /** Removes every listener of `eventName`, or of every event; returns this client. */
  removeAllListeners<E extends keyof RtmClientEvents>(eventName?: E): this {
    this.#emitter.removeAll(eventName);
    return this;
  }

  /** The listeners of `eventName`, in call order. */
  listeners<E extends keyof RtmClientEvents>(eventName: E): AgoraListener<RtmClientEvents[E]>[] {
    return this.#emitter.listeners(eventName);
  }

  /** The same as `listeners`: the facade keeps once-listeners unwrapped. */
  rawListeners<E extends keyof RtmClientEvents>(eventName: E): AgoraListener<RtmClientEvents[E]>[] {
    return this.#emitter.listeners(eventName);
  }

  /** How many listeners `eventName` has. */
  listenerCount<E extends keyof RtmClientEvents>(eventName: E): number {
    return this.#emitter.listeners(eventName).length;
  }

  /**
   * Ends every pending invitation with FAILURE(NOT_LOGGEDIN) and closes the
   * transport: what `logout()` does to invitations in Agora. Idempotent.
   */
  close(): Promise<void> {
    return this.kit.close();
  }
}

// Present at runtime but absent from the type: a JavaScript page that still calls client.login()
// learns what is missing and where to go, and TypeScript code does not compile against a promise
// the facade cannot keep.
for (const [member, hint] of Object.entries(UNSUPPORTED_MEMBERS)) {
  Object.defineProperty(RtmClient.prototype, member, {
    value: function unsupported(): never {
      throw new RtmUnsupportedError(`RtmClient.${member}()`, hint);
    },
    writable: true,
    configurable: true,
  });
}

/**
 * Creates a client shaped like Agora RTM 1.x web's `RtmClient` over any
 * transport: what an Agora web app's call code needs to keep running with
 * only its import changed. It runs a call kit (`createCallKit`) underneath,
 * so every option of the kit applies.
 *
 * @example
 * ```ts
 * import AgoraRTM from 'call-invitation/agora';
 * const client = AgoraRTM.createAgoraCompatibleClient({ userId: 'alice', transport });
 * const invitation = client.createLocalInvitation('bob');
 * invitation.on('LocalInvitationAccepted', (response) => join(response));
 * invitation.send();
 * ```
 */
export function createAgoraCompatibleClient(options: AgoraCompatibleClientOptions): RtmClient {
  if (typeof options === 'object' && options !== null && !isAgoraId(options.userId)) {
    throw new RtmInvalidArgumentError(
      `createAgoraCompatibleClient failed: invalid userId ${JSON.stringify(options.userId)}`,
      InvitationApiCallErrorCode.INVITATION_API_CALL_ERR_INVALID_ARGUMENT,
    );
  }
  const kit = createCallKit(options);
  return new RtmClient(kit, options.onCallbackError ?? ((error) => console.error('call-invitation: a callback threw', error)));
}
