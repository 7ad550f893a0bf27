import { createActor, type AnyActorRef } from 'xstate';
import { isPeerOfflineError, TransportError } from '../adapters/transport.js';
import { InvitationEndReason, type InvitationTimeouts } from '../machines/constants.js';
import { resolveGlare } from '../machines/glare.js';
import type { LocalInvitationEmitted } from '../machines/local-invitation.types.js';
import type { RemoteInvitationEmitted } from '../machines/remote-invitation.types.js';
import { UNTRACKED_MESSAGE_RULES, endedInvitationMemoryMs } from '../machines/untracked-messages.js';
import { decodeMessage, encodeMessage, type DecodeFailure } from '../protocol/codec.js';
import { isValidUserId } from '../protocol/limits.js';
import type { CalleeMessage, CallerMessage, WireMessage } from '../protocol/messages.js';
import { isCallerMessage } from '../protocol/messages.js';
import { createInvitationAdmission, type AdmissionRefusal } from './admission.js';
import { createInvitationId } from './invitation-id.js';
import { Listeners, type ListenerOptions } from './listeners.js';
import type { KitExtension, KitHost } from './kit-host.js';
import { LocalInvitation, type LocalInvitationActor } from './local-invitation.js';
import { resolveCallKitOptions, type CallKitOptions } from './options.js';
import { remoteKey } from './remote-key.js';
import { RemoteInvitation, type RemoteInvitationActor } from './remote-invitation.js';

/** Why the kit dropped an incoming message. None of them reaches an invitation or the app. */
export type DropReason =
  | DecodeFailure
  | AdmissionRefusal
  /** The transport handed over a sender that is not a valid user id. */
  | 'invalid-sender'
  /** No live invitation has this id (never existed, or ended and settled). */
  | 'unknown-invitation'
  /** A callee's message addressed to another device of this user (that device made the call). */
  | 'other-device'
  /** The sender is not the invitation's peer. */
  | 'spoofed-sender'
  /** A copy of an invite for an invitation that already ended here. */
  | 'ended-invitation';

/** The kit's callbacks. */
export interface CallKitEvents {
  /** A new invitation arrived; it is ringing. Answer with `accept()` or `refuse()`. */
  readonly remoteInvitationReceived: (invitation: RemoteInvitation) => void;
  /**
   * An incoming message was refused; for diagnostics. `from` is the sender as
   * the transport handed it over, or, when that was not a string, a
   * placeholder such as `<object>`.
   */
  readonly messageDropped: (reason: DropReason, from: string) => void;
}

const CALL_KIT_EVENTS = ['remoteInvitationReceived', 'messageDropped'] as const;

/** What the kit has seen since it was created. */
export interface CallKitStats {
  /** Incoming messages dropped, by reason. */
  readonly dropped: Readonly<Partial<Record<DropReason, number>>>;
  /** Sends the transport refused for a reason other than PEER_OFFLINE. */
  readonly sendFailures: number;
  /** Local invitations whose actor is running (not yet settled). */
  readonly liveLocalInvitations: number;
  /** Remote invitations whose actor is running (not yet settled). */
  readonly liveRemoteInvitations: number;
}

/** Options of {@link CallKit.createLocalInvitation}. */
export interface LocalInvitationOptions {
  /** Text for the callee, at most 8192 bytes of UTF-8. */
  readonly content?: string;
  /** Channel id for the callee, at most 64 bytes of UTF-8. */
  readonly channelId?: string;
}

/** One user's call-invitation endpoint: creates outgoing invitations and receives incoming ones. */
export interface CallKit {
  /** This user's id. */
  readonly userId: string;
  /** This device's id: given in the options, or generated. Callees address their answers to it. */
  readonly deviceId: string;
  /** The timeouts in force. */
  readonly timeouts: InvitationTimeouts;
  /** Creates an invitation to `calleeId`, in IDLE; `send()` it when ready. Throws if the kit is closed. */
  createLocalInvitation(calleeId: string, options?: LocalInvitationOptions): LocalInvitation;
  /**
   * Registers a callback; returns a function that removes it. Pass
   * `{ signal }` to remove it when an `AbortSignal` aborts.
   */
  on<E extends keyof CallKitEvents>(event: E, handler: CallKitEvents[E], options?: ListenerOptions): () => void;
  /** Registers a callback for the next `event` only; returns a function that removes it. */
  once<E extends keyof CallKitEvents>(event: E, handler: CallKitEvents[E], options?: ListenerOptions): () => void;
  /** Removes a callback registered with `on` or `once`. */
  off<E extends keyof CallKitEvents>(event: E, handler: CallKitEvents[E]): void;
  /** Counters for diagnostics. */
  stats(): CallKitStats;
  /**
   * Whether this device is in a call, for `rejectWhenBusy`. The kit sets it when one of its
   * invitations connects; the app clears it when the media call ends.
   */
  setInCall(inCall: boolean): void;
  /** True from a connected invitation (or `setInCall(true)`) until `setInCall(false)`. */
  readonly inCall: boolean;
  /**
   * Ends every pending invitation with FAILURE(NOT_LOGGEDIN), stops every
   * actor and timer, and closes the transport. Idempotent.
   */
  close(): Promise<void>;
}

/**
 * Creates a kit for `userId` over `transport`.
 *
 * The kit owns one actor per invitation. It turns incoming frames into chart
 * events after checking them (well-formed, current version, sent by the
 * invitation's peer), turns the charts' `transmit` events into transport
 * sends, and reports the transport's reachability verdicts back to the charts.
 * It decides nothing about the lifecycle itself.
 */
export function createCallKit(options: CallKitOptions): CallKit;

/**
 * `createCallKit` with an extension that needs the kit's insides
 * (`call-invitation/persistence`): kept out of the kit itself, so that apps
 * that do not import it do not ship it.
 *
 * @internal
 */
export function createCallKit<Methods extends object = object>(
  options: CallKitOptions,
  extend?: (host: KitHost) => KitExtension<Methods>,
): CallKit & Methods;
/** Implements both signatures above. */
export function createCallKit<Methods extends object = object>(
  options: CallKitOptions,
  extend?: (host: KitHost) => KitExtension<Methods>,
): CallKit & Methods {
  const resolvedOptions = resolveCallKitOptions(options);
  const {
    userId,
    deviceId,
    transport,
    timeouts,
    inspect,
    maxIncomingInvitations,
    maxIncomingInvitationsPerCaller,
    maxInvitesPerCallerPerSecond,
    rejectWhenBusy,
    onCallbackError,
    localInvitationMachine,
    remoteInvitationMachine,
  } = resolvedOptions;
  const listeners = new Listeners<CallKitEvents>(CALL_KIT_EVENTS, onCallbackError);
  const localInvitations = new Map<string, LocalInvitation>();
  const remoteInvitations = new Map<string, RemoteInvitation>();
  // Callee side: invitations that ended here, so that a late copy of their invite does not ring again
  // (for how long: see endedInvitationMemoryMs).
  // Date.now() rather than performance.now(): it runs under fake timers, and a clock jump only
  // shortens or stretches this best-effort memory; no clock is compared with another device's.
  const endedRemoteKeys = new Map<string, number>();
  const endedRetentionMs = endedInvitationMemoryMs(timeouts);
  const maxEndedRemoteKeys = Math.max(1_000, 2 * maxIncomingInvitations);
  const admission = createInvitationAdmission({
    maxHeld: maxIncomingInvitations,
    maxHeldPerCaller: maxIncomingInvitationsPerCaller,
    maxInvitesPerCallerPerSecond,
  });
  const dropped: Partial<Record<DropReason, number>> = {};
  let sendFailures = 0;
  let inCall = false;
  let closing: Promise<void> | undefined;
  let extension: KitExtension<Methods> | undefined;

  function drop(reason: DropReason, from: string): void {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
    listeners.emitSoon('messageDropped', reason, from);
  }

  function tell(actor: AnyActorRef, event: { type: 'PEER_REACHABLE' | 'PEER_UNREACHABLE' | 'LOCAL_DISCONNECTED' }): void {
    const snapshot = actor.getSnapshot();
    if (snapshot.status !== 'active') return;
    // Report a change of the transport's verdict only: the chart ignores a repeated one (its guards
    // say so), and sending it anyway would cost a whole macrostep for every message on the wire.
    const context = snapshot.context as { peerUnreachable: boolean; locallyDisconnected?: boolean };
    const changed =
      event.type === 'PEER_REACHABLE'
        ? context.peerUnreachable || context.locallyDisconnected === true
        : event.type === 'PEER_UNREACHABLE'
          ? !context.peerUnreachable
          : context.locallyDisconnected === false;
    if (changed) actor.send(event);
  }

  function transmit(peerId: string, message: WireMessage, actor?: AnyActorRef): void {
    let pending: Promise<void>;
    try {
      pending = transport.send(peerId, encodeMessage(message));
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      () => {
        if (actor) tell(actor, { type: 'PEER_REACHABLE' });
      },
      (error: unknown) => {
        if (isPeerOfflineError(error)) {
          if (actor) tell(actor, { type: 'PEER_UNREACHABLE' });
        } else if (error instanceof TransportError && error.code === 'NOT_CONNECTED') {
          sendFailures++;
          if (actor) tell(actor, { type: 'LOCAL_DISCONNECTED' });
        } else {
          sendFailures++;
        }
      },
    );
  }

  function rememberEnded(key: string): void {
    endedRemoteKeys.delete(key);
    endedRemoteKeys.set(key, Date.now() + endedRetentionMs);
    // Oldest first: Map keeps insertion order.
    for (const [oldest, expiresAt] of endedRemoteKeys) {
      if (endedRemoteKeys.size <= maxEndedRemoteKeys && expiresAt > Date.now()) break;
      endedRemoteKeys.delete(oldest);
    }
  }

  function hasEnded(key: string): boolean {
    const expiresAt = endedRemoteKeys.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > Date.now()) return true;
    endedRemoteKeys.delete(key);
    return false;
  }

  /** Answers a message for an invitation this device has no chart for, as the untracked-message table says. */
  function answerUntracked(from: string, message: WireMessage): void {
    const rule = UNTRACKED_MESSAGE_RULES[message.type];
    if (rule.action === 'ring') return;
    drop('unknown-invitation', from);
    if (rule.rememberEnded) rememberEnded(remoteKey(from, message.id));
    if (rule.action !== 'answer') return;
    const { id, device: to } = message;
    switch (rule.reply) {
      case 'expire':
        return transmit(from, { type: 'expire', id, device: deviceId });
      case 'refusal-ack':
        return transmit(from, { type: 'refusal-ack', id, device: deviceId, to });
      case 'cancel-ack': {
        // Only a caller's cancel gets here; the caller's device is the one that sent it.
        return transmit(from, { type: 'cancel-ack', id, device: deviceId, to });
      }
    }
  }

  function routeToCaller(from: string, message: CalleeMessage): void {
    // On a transport that reaches every device of a user, this device also hears the answers to its
    // user's other devices' calls: they are not for it, and answering them would disturb those calls.
    if (message.to !== deviceId) return drop('other-device', from);
    const invitation = localInvitations.get(message.id);
    if (!invitation) return answerUntracked(from, message);
    if (invitation.calleeId !== from) return drop('spoofed-sender', from);
    const { device } = message;
    switch (message.type) {
      case 'receipt':
        return invitation.actor.send({ type: 'PEER_RECEIVED', device });
      case 'accept':
        return invitation.actor.send({ type: 'PEER_ACCEPTED', device, response: message.response });
      case 'refuse':
        return invitation.actor.send({ type: 'PEER_REFUSED', device, response: message.response, reason: message.reason });
      case 'cancel-ack':
        return invitation.actor.send({ type: 'PEER_CANCELED', device });
    }
  }

  /**
   * Glare: the inviter is being called from this device too. `resolveGlare` decides which invitation
   * proceeds; the charts end the other one (`GLARE_LOST`). Returns true when the incoming invitation lost.
   */
  function incomingLosesGlare(from: string, incomingId: string): boolean {
    const outgoing = [...localInvitations.values()].map((invitation) => ({
      id: invitation.id,
      calleeId: invitation.calleeId,
      calling: invitation.actor.getSnapshot().hasTag('calling'),
    }));
    const { incomingLoses, outgoingLosers } = resolveGlare(userId, { id: incomingId, callerId: from }, outgoing);
    for (const id of outgoingLosers) localInvitations.get(id)?.actor.send({ type: 'GLARE_LOST' });
    return incomingLoses;
  }

  /** What `rejectWhenBusy` counts as busy: a call in progress, or (if asked) any other invitation still open. */
  function isBusy(): boolean {
    if (rejectWhenBusy === 'off') return false;
    if (inCall) return true;
    if (rejectWhenBusy !== 'in-call-or-ringing') return false;
    const open = (actor: AnyActorRef) => !actor.getSnapshot().hasTag('ended');
    return (
      [...remoteInvitations.values()].some((invitation) => open(invitation.actor)) ||
      [...localInvitations.values()].some((invitation) => invitation.actor.getSnapshot().hasTag('calling'))
    );
  }

  /** Starts a callee chart for an invite (from the wire, or pushed with what was left of its window), or says why not. */
  function startRemoteInvitation(
    from: string,
    message: Extract<CallerMessage, { type: 'invite' }>,
    answerWindowMs?: number,
  ): RemoteInvitation | 'ended-invitation' | AdmissionRefusal {
    const key = remoteKey(from, message.id);
    if (hasEnded(key)) return 'ended-invitation';
    const refusal = admission.admit(from);
    if (refusal !== null) return refusal;
    const actor = createActor(remoteInvitationMachine, {
      id: `invitation:${from}→${userId}:${message.id}`,
      input: {
        id: message.id,
        deviceId,
        callerId: from,
        callerDeviceId: message.device,
        content: message.content,
        channelId: message.channelId,
        timeouts,
        answerWindowMs,
      },
      ...(inspect ? { inspect } : {}),
    });
    // Decided before this invitation counts as open itself.
    const busy = isBusy();
    const invitation = adoptRemote(actor, from, key);
    actor.start();
    // The app never sees an invitation that lost glare, that came while busy, or whose pushed window
    // had passed (the chart ended it at once): it ends, and its caller learns why.
    if (actor.getSnapshot().hasTag('ended')) return invitation;
    if (incomingLosesGlare(from, message.id)) actor.send({ type: 'GLARE_LOST' });
    else if (busy) actor.send({ type: 'REFUSE', reason: InvitationEndReason.BUSY });
    else listeners.emitSoon('remoteInvitationReceived', invitation);
    return invitation;
  }

  /** Wires a callee chart to the kit: its messages go out, its settling frees its place. */
  function adoptRemote(actor: RemoteInvitationActor, from: string, key: string): RemoteInvitation {
    // The invitation's one listener hands the kit's share of its events to onRemoteEmitted.
    const invitation = new RemoteInvitation(actor, onCallbackError, onRemoteEmitted);
    remoteInvitations.set(key, invitation);
    extension?.adopted(actor);
    return invitation;
  }

  /** Wires a caller chart to the kit. */
  function adoptLocal(actor: LocalInvitationActor): LocalInvitation {
    // The invitation's one listener hands the kit's share of its events to onLocalEmitted.
    const invitation = new LocalInvitation(actor, onCallbackError, onLocalEmitted);
    localInvitations.set(invitation.id, invitation);
    extension?.adopted(actor);
    return invitation;
  }

  /** What the kit does with a callee chart's emitted events; one function for every remote invitation. */
  function onRemoteEmitted(invitation: RemoteInvitation, emitted: RemoteInvitationEmitted): void {
    if (emitted.type === 'transmit') transmit(invitation.callerId, emitted.message, invitation.actor);
    else if (emitted.type === 'accepted') inCall = true;
    else if (emitted.type === 'settled') {
      // The chart is done (SETTLED) and stops by itself: forget it now. Nothing here reaches back into an
      // actor, so no microtask is needed to leave the chart's processing step first.
      const { callerId } = invitation;
      const key = remoteKey(callerId, invitation.id);
      if (remoteInvitations.get(key) === invitation) {
        remoteInvitations.delete(key);
        admission.release(callerId);
      }
      rememberEnded(key);
    }
  }

  /** What the kit does with a caller chart's emitted events; one function for every local invitation. */
  function onLocalEmitted(invitation: LocalInvitation, emitted: LocalInvitationEmitted): void {
    if (emitted.type === 'transmit') transmit(invitation.calleeId, emitted.message, invitation.actor);
    else if (emitted.type === 'accepted') inCall = true;
    // The chart is done (SETTLED) and stops by itself: forget it now.
    else if (emitted.type === 'settled') localInvitations.delete(invitation.id);
  }

  function routeToCallee(from: string, message: CallerMessage): void {
    const key = remoteKey(from, message.id);
    const tracked = remoteInvitations.get(key);
    if (!tracked) {
      if (message.type !== 'invite') return answerUntracked(from, message);
      const started = startRemoteInvitation(from, message);
      if (typeof started === 'string') drop(started, from);
      return;
    }
    const { actor } = tracked;
    switch (message.type) {
      case 'invite':
        return actor.send({ type: 'PEER_INVITED' });
      case 'cancel':
        return actor.send({ type: 'PEER_CANCELED', content: message.content, reason: message.reason });
      case 'confirm':
        return actor.send({ type: 'PEER_CONFIRMED', to: message.to });
      case 'expire':
        return actor.send({ type: 'PEER_EXPIRED' });
      case 'refusal-ack':
        return actor.send({ type: 'PEER_ACKNOWLEDGED_REFUSAL', to: message.to });
    }
  }

  // Typed as the Transport contract says, but a custom or buggy transport may hand over anything:
  // nothing here may throw back into it.
  function receive(from: string, data: string): void {
    if (closing) return;
    if (!isValidUserId(from)) return drop('invalid-sender', describeInvalidSender(from));
    const decoded = decodeMessage(data);
    if (!decoded.ok) return drop(decoded.reason, from);
    if (isCallerMessage(decoded.message)) routeToCallee(from, decoded.message);
    else routeToCaller(from, decoded.message);
  }

  const stopListening = transport.onMessage(receive);

  /** Stops every actor and the transport; `sayGoodbye` ends the pending invitations first (NOT_LOGGEDIN). */
  function shutDown(sayGoodbye: boolean): Promise<void> {
    if (!closing) {
      stopListening();
      const actors: AnyActorRef[] = [
        ...[...localInvitations.values()].map((invitation) => invitation.actor),
        ...[...remoteInvitations.values()].map((invitation) => invitation.actor),
      ];
      // Pending invitations end with NOT_LOGGEDIN (and tell their peers, best effort) before the transport goes.
      if (sayGoodbye) for (const actor of actors) actor.send({ type: 'KIT_CLOSED' });
      for (const actor of actors) actor.stop();
      localInvitations.clear();
      remoteInvitations.clear();
      admission.clear();
      endedRemoteKeys.clear();
      closing = transport.close();
    }
    return closing;
  }

  extension = extend?.({
    options: resolvedOptions,
    localInvitations,
    remoteInvitations,
    endedRemoteKeys,
    admission,
    adoptLocal,
    adoptRemote,
    startRemoteInvitation,
    shutDown,
  });

  return {
    userId,
    deviceId,
    timeouts,
    createLocalInvitation(calleeId, invitationOptions = {}) {
      if (closing) throw new Error(`The call kit of ${JSON.stringify(userId)} is closed`);
      const id = createInvitationId();
      const actor = createActor(localInvitationMachine, {
        id: `invitation:${userId}→${String(calleeId)}:${id}`,
        input: {
          id,
          deviceId,
          calleeId,
          content: invitationOptions.content,
          channelId: invitationOptions.channelId,
          timeouts,
        },
        ...(inspect ? { inspect } : {}),
      });
      const invitation = adoptLocal(actor);
      actor.start();
      return invitation;
    },
    on: (event, handler, listenerOptions) => listeners.on(event, handler, listenerOptions),
    once: (event, handler, listenerOptions) => listeners.once(event, handler, listenerOptions),
    off: (event, handler) => listeners.off(event, handler),
    get inCall() {
      return inCall;
    },
    setInCall(value) {
      inCall = value;
    },
    stats() {
      return {
        dropped: { ...dropped },
        sendFailures,
        liveLocalInvitations: localInvitations.size,
        liveRemoteInvitations: remoteInvitations.size,
      };
    },
    close: () => shutDown(true),
    // Last, so that an extension's own close() (which saves) comes in place of this one.
    ...(extension?.methods as Methods),
  };
}

/**
 * A printable stand-in for a sender that is not a valid user id. Converting
 * the value itself could throw (a throwing `toString`, a revoked Proxy) or
 * echo an attacker's megabytes into logs, so only strings are kept, cut short.
 */
function describeInvalidSender(from: unknown): string {
  if (typeof from === 'string') return from.length > 80 ? `${from.slice(0, 80)}…` : from;
  return from === null ? '<null>' : `<${typeof from}>`;
}
