import { createActor, type AnyActorRef } from 'xstate';
import { isPeerOfflineError } from '../adapters/transport.js';
import type { InvitationTimeouts } from '../machines/constants.js';
import { decodeMessage, encodeMessage, type DecodeFailure } from '../protocol/codec.js';
import { isValidUserId } from '../protocol/limits.js';
import type { CalleeMessage, CallerMessage, WireMessage } from '../protocol/messages.js';
import { isCallerMessage } from '../protocol/messages.js';
import { createInvitationAdmission, type AdmissionRefusal } from './admission.js';
import { createInvitationId } from './invitation-id.js';
import { Listeners } from './listeners.js';
import { LocalInvitation } from './local-invitation.js';
import { resolveCallKitOptions, type CallKitOptions } from './options.js';
import { RemoteInvitation } from './remote-invitation.js';

/** Why the kit dropped an incoming message. None of them reaches an invitation or the app. */
export type DropReason =
  | DecodeFailure
  | AdmissionRefusal
  /** The transport handed over a sender that is not a valid user id. */
  | 'invalid-sender'
  /** No live invitation has this id (never existed, or ended and settled). */
  | 'unknown-invitation'
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
  /** The timeouts in force. */
  readonly timeouts: InvitationTimeouts;
  /** Creates an invitation to `calleeId`, in IDLE; `send()` it when ready. Throws if the kit is closed. */
  createLocalInvitation(calleeId: string, options?: LocalInvitationOptions): LocalInvitation;
  /** Registers a callback; returns a function that removes it. */
  on<E extends keyof CallKitEvents>(event: E, handler: CallKitEvents[E]): () => void;
  /** Counters for diagnostics. */
  stats(): CallKitStats;
  /**
   * Ends every pending invitation with FAILURE(NOT_LOGGEDIN), stops every
   * actor and timer, and closes the transport. Idempotent.
   */
  close(): Promise<void>;
}

interface TrackedRemoteInvitation {
  readonly invitation: RemoteInvitation;
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
export function createCallKit(options: CallKitOptions): CallKit {
  const {
    userId,
    transport,
    timeouts,
    inspect,
    maxIncomingInvitations,
    maxIncomingInvitationsPerCaller,
    maxInvitesPerCallerPerSecond,
    onCallbackError,
    localInvitationMachine,
    remoteInvitationMachine,
  } = resolveCallKitOptions(options);
  const listeners = new Listeners<CallKitEvents>(CALL_KIT_EVENTS, onCallbackError);
  const localInvitations = new Map<string, LocalInvitation>();
  const remoteInvitations = new Map<string, TrackedRemoteInvitation>();
  // Callee side: invitations that ended here, so that a late copy of their invite does not ring again.
  // Kept for as long as any copy could be in flight: the caller re-sends for acknowledgeMs, and an
  // invitation may ring for answerMs. A copy replayed later still cannot ring for long: the caller
  // answers its receipt with `expire` (see routeToCaller).
  // Date.now() rather than performance.now(): it runs under fake timers, and a clock jump only
  // shortens or stretches this best-effort memory; no clock is compared with another device's.
  const endedRemoteKeys = new Map<string, number>();
  const endedRetentionMs = timeouts.acknowledgeMs + timeouts.answerMs + timeouts.lingerMs;
  const maxEndedRemoteKeys = Math.max(1_000, 2 * maxIncomingInvitations);
  const admission = createInvitationAdmission({
    maxHeld: maxIncomingInvitations,
    maxHeldPerCaller: maxIncomingInvitationsPerCaller,
    maxInvitesPerCallerPerSecond,
  });
  const dropped: Partial<Record<DropReason, number>> = {};
  let sendFailures = 0;
  let closing: Promise<void> | undefined;

  const remoteKey = (callerId: string, id: string) => `${callerId}\n${id}`;

  function drop(reason: DropReason, from: string): void {
    dropped[reason] = (dropped[reason] ?? 0) + 1;
    listeners.emitSoon('messageDropped', reason, from);
  }

  function tell(actor: AnyActorRef, event: { type: 'PEER_REACHABLE' | 'PEER_UNREACHABLE' }): void {
    const snapshot = actor.getSnapshot();
    // Report a change of the transport's verdict only: the chart ignores a repeated one (its guards
    // say so), and sending it anyway would cost a whole macrostep for every message on the wire.
    const unreachable = event.type === 'PEER_UNREACHABLE';
    if (snapshot.status === 'active' && snapshot.context.peerUnreachable !== unreachable) actor.send(event);
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

  function routeToCaller(from: string, message: CalleeMessage): void {
    const invitation = localInvitations.get(message.id);
    if (!invitation) {
      drop('unknown-invitation', from);
      // Something is ringing, or waiting for a confirmation, for an invitation this kit does not
      // (or no longer) track: a replay, or a kit restarted. Tell the callee it is over.
      if (message.type === 'receipt' || message.type === 'accept') transmit(from, { type: 'expire', id: message.id });
      else if (message.type === 'refuse') transmit(from, { type: 'refusal-ack', id: message.id });
      return;
    }
    if (invitation.calleeId !== from) return drop('spoofed-sender', from);
    switch (message.type) {
      case 'receipt':
        return invitation.actor.send({ type: 'PEER_RECEIVED' });
      case 'accept':
        return invitation.actor.send({ type: 'PEER_ACCEPTED', response: message.response });
      case 'refuse':
        return invitation.actor.send({ type: 'PEER_REFUSED', response: message.response });
      case 'cancel-ack':
        return invitation.actor.send({ type: 'PEER_CANCELED' });
    }
  }

  function startRemoteInvitation(from: string, message: Extract<CallerMessage, { type: 'invite' }>): void {
    const key = remoteKey(from, message.id);
    if (hasEnded(key)) return drop('ended-invitation', from);
    const refusal = admission.admit(from);
    if (refusal !== null) return drop(refusal, from);
    const actor = createActor(remoteInvitationMachine, {
      id: `invitation:${from}→${userId}:${message.id}`,
      input: { id: message.id, callerId: from, content: message.content, channelId: message.channelId, timeouts },
      ...(inspect ? { inspect } : {}),
    });
    const invitation = new RemoteInvitation(actor, onCallbackError);
    // One listener for what the kit handles: every registration costs memory, per invitation.
    actor.on('*', (emitted) => {
      if (emitted.type === 'transmit') transmit(from, emitted.message, actor);
      else if (emitted.type === 'settled') {
        // Stop outside the chart's own processing step.
        queueMicrotask(() => {
          actor.stop();
          if (remoteInvitations.get(key)?.invitation === invitation) {
            remoteInvitations.delete(key);
            admission.release(from);
          }
          rememberEnded(key);
        });
      }
    });
    remoteInvitations.set(key, { invitation });
    actor.start();
    listeners.emitSoon('remoteInvitationReceived', invitation);
  }

  function routeToCallee(from: string, message: CallerMessage): void {
    const key = remoteKey(from, message.id);
    const tracked = remoteInvitations.get(key);
    if (!tracked) {
      switch (message.type) {
        case 'invite':
          return startRemoteInvitation(from, message);
        case 'cancel':
          // The invite has not arrived (or has settled): acknowledge, and make sure a late copy never rings.
          rememberEnded(key);
          return transmit(from, { type: 'cancel-ack', id: message.id });
        case 'expire':
          rememberEnded(key);
          return drop('unknown-invitation', from);
        default:
          return drop('unknown-invitation', from);
      }
    }
    const { actor } = tracked.invitation;
    switch (message.type) {
      case 'invite':
        return actor.send({ type: 'PEER_INVITED' });
      case 'cancel':
        return actor.send({ type: 'PEER_CANCELED' });
      case 'confirm':
        return actor.send({ type: 'PEER_CONFIRMED' });
      case 'expire':
        return actor.send({ type: 'PEER_EXPIRED' });
      case 'refusal-ack':
        return actor.send({ type: 'PEER_ACKNOWLEDGED_REFUSAL' });
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

  return {
    userId,
    timeouts,
    createLocalInvitation(calleeId, invitationOptions = {}) {
      if (closing) throw new Error(`The call kit of ${JSON.stringify(userId)} is closed`);
      const id = createInvitationId();
      const actor = createActor(localInvitationMachine, {
        id: `invitation:${userId}→${String(calleeId)}:${id}`,
        input: { id, calleeId, content: invitationOptions.content, channelId: invitationOptions.channelId, timeouts },
        ...(inspect ? { inspect } : {}),
      });
      const invitation = new LocalInvitation(actor, onCallbackError);
      actor.on('*', (emitted) => {
        if (emitted.type === 'transmit') transmit(calleeId, emitted.message, actor);
        else if (emitted.type === 'settled') {
          queueMicrotask(() => {
            actor.stop();
            localInvitations.delete(id);
          });
        }
      });
      localInvitations.set(id, invitation);
      actor.start();
      return invitation;
    },
    on(event, handler) {
      return listeners.on(event, handler);
    },
    stats() {
      return {
        dropped: { ...dropped },
        sendFailures,
        liveLocalInvitations: localInvitations.size,
        liveRemoteInvitations: remoteInvitations.size,
      };
    },
    close() {
      if (!closing) {
        stopListening();
        const actors: AnyActorRef[] = [
          ...[...localInvitations.values()].map((invitation) => invitation.actor),
          ...[...remoteInvitations.values()].map(({ invitation }) => invitation.actor),
        ];
        // Pending invitations end with NOT_LOGGEDIN (and tell their peers, best effort) before the transport goes.
        for (const actor of actors) actor.send({ type: 'KIT_CLOSED' });
        for (const actor of actors) actor.stop();
        localInvitations.clear();
        remoteInvitations.clear();
        admission.clear();
        endedRemoteKeys.clear();
        closing = transport.close();
      }
      return closing;
    },
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
