import { createActor, type AnyActorRef } from 'xstate';
import { isPeerOfflineError, TransportError } from '../adapters/transport.js';
import { InvitationEndReason, type InvitationTimeouts } from '../machines/constants.js';
import { glareWinner } from '../machines/glare.js';
import { UNTRACKED_MESSAGE_RULES, endedInvitationMemoryMs } from '../machines/untracked-messages.js';
import { decodeMessage, encodeMessage, type DecodeFailure } from '../protocol/codec.js';
import { isValidUserId } from '../protocol/limits.js';
import type { CalleeMessage, CallerMessage, WireMessage } from '../protocol/messages.js';
import { isCallerMessage } from '../protocol/messages.js';
import { timersToResume } from '../machines/resume-timers.js';
import { createInvitationAdmission, type AdmissionRefusal } from './admission.js';
import { createInvitationId } from './invitation-id.js';
import { Listeners, type ListenerOptions } from './listeners.js';
import { LocalInvitation, type LocalInvitationActor } from './local-invitation.js';
import { resolveCallKitOptions, type CallKitOptions } from './options.js';
import {
  checkedPushPayload,
  contextTemplate,
  elapsedSince,
  elapsedTimers,
  isRecord,
  remainingOf,
  restorableSnapshot,
  type PersistedCallKit,
  type PersistedInvitation,
  type PushPayload,
  type RestoreDropReason,
} from './persistence.js';
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

/** The invitations `createCallKit({ restore })` resumed, and what it could not. */
export interface RestoredInvitations {
  /** Caller side, each in the state it was saved in, its timers running on with what was left. */
  readonly local: readonly LocalInvitation[];
  /** Callee side. Their `remoteInvitationReceived` fired before the restart and does not fire again. */
  readonly remote: readonly RemoteInvitation[];
  /** One entry per invitation (or whole snapshot) left out, and why. */
  readonly dropped: readonly (RestoreDropReason | AdmissionRefusal)[];
}

/** Why `kit.receivePushedInvitation` ignored a payload. */
export type PushDropReason =
  /** Not a push payload of this package, or a field of the wrong type or over its limit. */
  | 'invalid-payload'
  /** Addressed to another user. */
  | 'other-user'
  /** The invitation already ended on this device. */
  | 'ended-invitation'
  /** The kit is closed or suspended. */
  | 'kit-closed'
  | AdmissionRefusal;

/** What `kit.receivePushedInvitation` did. */
export type PushedInvitationResult =
  /** It rings (`remoteInvitationReceived` fired, or had fired for the same invitation from the wire). */
  | { readonly status: 'ringing'; readonly invitation: RemoteInvitation }
  /**
   * It ended: a pushed cancel, or an invite whose answer window had passed (FAILURE with
   * INVITATION_EXPIRE, never shown as ringing). `invitation` is undefined for a cancel of an
   * invitation this device never rang.
   */
  | { readonly status: 'ended'; readonly invitation: RemoteInvitation | undefined }
  /** Ignored, for `reason`. */
  | { readonly status: 'dropped'; readonly reason: PushDropReason };

/** What `onPeerOffline` receives: the invitation, and a payload for the app's push service. */
export interface PeerOfflineNotice {
  /** The caller's invitation that could not reach any device of the callee. */
  readonly invitation: LocalInvitation;
  /** Self-contained: send it as is (JSON) to the callee's devices. */
  readonly payload: PushPayload;
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
   * Every invitation whose chart has not settled, both sides, as versioned JSON for
   * `createCallKit({ restore })`. Timers are kept as the time each already ran.
   */
  persist(): PersistedCallKit;
  /** What `createCallKit({ restore })` resumed; empty lists without `restore`. */
  readonly restored: RestoredInvitations;
  /**
   * Rings a pushed invitation as if its invite had arrived, or ends it at once when its answer
   * window has passed; ends a ringing invitation on a pushed cancel. Validates the payload and
   * never throws.
   */
  receivePushedInvitation(payload: unknown): PushedInvitationResult;
  /**
   * Stops every actor and timer and closes the transport, like an app killed or a page unloaded,
   * without ending any invitation or telling any peer: after a last save (with `persist`), a new
   * kit restores them. Idempotent; `close()` after it only waits.
   */
  suspend(): Promise<void>;
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
    persist: store,
    onPeerOffline,
  } = resolveCallKitOptions(options);
  const listeners = new Listeners<CallKitEvents>(CALL_KIT_EVENTS, onCallbackError);
  const localInvitations = new Map<string, LocalInvitation>();
  const remoteInvitations = new Map<string, TrackedRemoteInvitation>();
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

  const remoteKey = (callerId: string, id: string) => `${callerId}\n${id}`;
  const restored = { local: [] as LocalInvitation[], remote: [] as RemoteInvitation[], dropped: [] as RestoredInvitations['dropped'][number][] };
  let saveQueued = false;

  /** With `persist`: saves once after whatever else changes in this turn. */
  function saveSoon(): void {
    if (!store || saveQueued || closing) return;
    saveQueued = true;
    queueMicrotask(() => {
      saveQueued = false;
      if (!closing) save();
    });
  }

  function save(): void {
    try {
      Promise.resolve(store?.save(persist())).catch(onCallbackError);
    } catch (error) {
      onCallbackError(error);
    }
  }

  function persist(): PersistedCallKit {
    const now = Date.now();
    const invitations: PersistedInvitation[] = [];
    const add = (side: PersistedInvitation['side'], actor: LocalInvitationActor | RemoteInvitationActor) => {
      const snapshot = actor.getSnapshot();
      // A settled chart has nothing left to do.
      if (snapshot.status !== 'active' || snapshot._nodes.some((node) => node.type === 'final')) return;
      invitations.push({ side, value: snapshot.value, context: { ...snapshot.context }, timers: elapsedTimers(actor, now) });
    };
    for (const invitation of localInvitations.values()) add('local', invitation.actor);
    for (const { invitation } of remoteInvitations.values()) add('remote', invitation.actor);
    const ended: PersistedCallKit['ended'][number][] = [];
    for (const [key, expiresAt] of endedRemoteKeys) {
      const [callerId = '', id = ''] = key.split('\n');
      if (expiresAt > now) ended.push({ callerId, id, forMs: expiresAt - now });
    }
    return { format: 'call-invitation/kit', version: 1, userId, deviceId, savedAt: now, invitations, ended };
  }

  /** The chart asked for a push (`pushNeeded`): hand the app a self-contained payload, once per ask. */
  function requestPush(invitation: LocalInvitation, kind: 'invite' | 'cancel'): void {
    if (!onPeerOffline) return;
    const { actor } = invitation;
    const { context } = actor.getSnapshot();
    const now = Date.now();
    const base = {
      format: 'call-invitation/push',
      version: 1,
      id: invitation.id,
      callerId: userId,
      callerDeviceId: deviceId,
      calleeId: invitation.calleeId,
      content: context.content,
    } as const;
    const payload: PushPayload =
      kind === 'invite'
        ? {
            ...base,
            kind,
            channelId: context.channelId,
            // How long this chart still takes an answer: what is left of the window it is in.
            answerWithinMs:
              remainingOf(actor, 'acknowledgeTimeout', now) ?? remainingOf(actor, 'answerTimeout', now) ?? timeouts.answerMs,
          }
        : { ...base, kind, reason: context.cancelReason };
    queueMicrotask(() => {
      try {
        onPeerOffline({ invitation, payload });
      } catch (error) {
        onCallbackError(error);
      }
    });
  }

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
    saveSoon();
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
   * Glare: the inviter is being called from this device too. The pure rule of `glareWinner` picks the
   * invitation that proceeds; the charts end the other one (`GLARE_LOST`). Returns true when the
   * incoming invitation lost.
   */
  function incomingLosesGlare(from: string, incomingId: string): boolean {
    // Calling oneself (from another device, or a test) is two separate calls, not a crossing.
    if (from === userId) return false;
    const crossing = [...localInvitations.values()].filter(
      (invitation) => invitation.calleeId === from && invitation.actor.getSnapshot().hasTag('calling'),
    );
    const incoming = { id: incomingId, callerId: from };
    const beatsIncoming = (invitation: LocalInvitation) =>
      glareWinner({ id: invitation.id, callerId: userId }, incoming) !== incoming;
    if (crossing.some(beatsIncoming)) return true;
    for (const invitation of crossing) invitation.actor.send({ type: 'GLARE_LOST' });
    return false;
  }

  /** What `rejectWhenBusy` counts as busy: a call in progress, or (if asked) any other invitation still open. */
  function isBusy(): boolean {
    if (rejectWhenBusy === 'off') return false;
    if (inCall) return true;
    if (rejectWhenBusy !== 'in-call-or-ringing') return false;
    const open = (actor: AnyActorRef) => !actor.getSnapshot().hasTag('ended');
    return (
      [...remoteInvitations.values()].some(({ invitation }) => open(invitation.actor)) ||
      [...localInvitations.values()].some((invitation) => invitation.actor.getSnapshot().hasTag('calling'))
    );
  }

  /**
   * Starts a callee chart for an invite (from the wire, or pushed with what was left of its
   * window), or says why not.
   */
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
        ...(answerWindowMs === undefined ? {} : { answerWindowMs }),
      },
      ...(inspect ? { inspect } : {}),
    });
    // Decided before this invitation counts as open itself.
    const busy = isBusy();
    const invitation = adoptRemote(actor, from, key);
    actor.start();
    // The app never sees an invitation that lost glare, or that came while busy, or whose pushed
    // window had passed: it ends at once, and its caller learns why.
    if (actor.getSnapshot().hasTag('ended')) return invitation;
    if (incomingLosesGlare(from, message.id)) actor.send({ type: 'GLARE_LOST' });
    else if (busy) actor.send({ type: 'REFUSE', reason: InvitationEndReason.BUSY });
    else listeners.emitSoon('remoteInvitationReceived', invitation);
    return invitation;
  }

  /** Wires a callee chart to the kit: its messages go out, its settling frees its place. */
  function adoptRemote(actor: RemoteInvitationActor, from: string, key: string): RemoteInvitation {
    const invitation = new RemoteInvitation(actor, onCallbackError);
    // One listener for what the kit handles: every registration costs memory, per invitation.
    actor.on('*', (emitted) => {
      if (emitted.type === 'transmit') transmit(from, emitted.message, actor);
      else if (emitted.type === 'accepted') inCall = true;
      else if (emitted.type === 'settled') {
        // The chart is done (SETTLED); forget it outside the chart's own processing step.
        queueMicrotask(() => {
          if (remoteInvitations.get(key)?.invitation === invitation) {
            remoteInvitations.delete(key);
            admission.release(from);
          }
          rememberEnded(key);
        });
      }
    });
    remoteInvitations.set(key, { invitation });
    if (store) actor.subscribe(saveSoon);
    return invitation;
  }

  /** Wires a caller chart to the kit. */
  function adoptLocal(actor: LocalInvitationActor, calleeId: string): LocalInvitation {
    const invitation = new LocalInvitation(actor, onCallbackError);
    const { id } = invitation;
    actor.on('*', (emitted) => {
      if (emitted.type === 'transmit') transmit(calleeId, emitted.message, actor);
      else if (emitted.type === 'accepted') inCall = true;
      else if (emitted.type === 'pushNeeded') requestPush(invitation, emitted.kind);
      else if (emitted.type === 'settled') {
        // The chart is done (SETTLED): forget it.
        queueMicrotask(() => {
          localInvitations.delete(id);
          saveSoon();
        });
      }
    });
    localInvitations.set(id, invitation);
    if (store) actor.subscribe(saveSoon);
    return invitation;
  }

  /**
   * Resumes what `persisted` holds. Everything in it is checked as untrusted input: a malformed
   * snapshot or invitation is left out and listed in `restored.dropped`, never thrown.
   */
  function restore(persisted: unknown): void {
    if (persisted === undefined || persisted === null) return;
    const { dropped: left } = restored;
    if (
      !isRecord(persisted) ||
      persisted.format !== 'call-invitation/kit' ||
      persisted.version !== 1 ||
      typeof persisted.savedAt !== 'number' ||
      !Array.isArray(persisted.invitations) ||
      !Array.isArray(persisted.ended)
    ) {
      return void left.push('invalid-snapshot');
    }
    if (persisted.userId !== userId) return void left.push('other-user');
    if (persisted.deviceId !== deviceId) return void left.push('other-device');
    // This device's clock against its own earlier reading; set back, it counts as no time at all.
    const now = Date.now();
    const downtimeMs = Math.max(0, now - persisted.savedAt) || 0;
    for (const entry of persisted.ended as unknown[]) {
      if (!isRecord(entry) || typeof entry.forMs !== 'number' || !isValidUserId(entry.callerId)) continue;
      const forMs = Math.min(entry.forMs, endedRetentionMs) - downtimeMs;
      if (typeof entry.id === 'string' && forMs > 0) endedRemoteKeys.set(remoteKey(entry.callerId, entry.id), now + forMs);
    }
    const templateInput = { id: 'x', deviceId, calleeId: userId, callerId: userId, callerDeviceId: deviceId, content: '', channelId: '', timeouts };
    const rules = {
      local: { template: contextTemplate(localInvitationMachine, templateInput), deviceId },
      remote: { template: contextTemplate(remoteInvitationMachine, templateInput), deviceId },
    };
    for (const entry of persisted.invitations as unknown[]) {
      const side = isRecord(entry) ? entry.side : undefined;
      if (side !== 'local' && side !== 'remote') {
        left.push('invalid-invitation');
        continue;
      }
      const machine = side === 'local' ? localInvitationMachine : remoteInvitationMachine;
      const snapshot = restorableSnapshot(machine, entry, rules[side], timeouts);
      if (!snapshot) {
        left.push('invalid-invitation');
        continue;
      }
      const timers = elapsedSince((entry as { timers: Record<string, unknown> }).timers, downtimeMs);
      const context = snapshot.context as { id: string; calleeId: string; callerId: string };
      let actor: LocalInvitationActor | RemoteInvitationActor;
      if (side === 'local') {
        if (localInvitations.has(context.id)) {
          left.push('duplicate-invitation');
          continue;
        }
        actor = createActor(localInvitationMachine, {
          id: `invitation:${userId}→${context.calleeId}:${context.id}`,
          // The input is unused: a chart created from a snapshot starts from its context.
          input: { id: context.id, deviceId, calleeId: context.calleeId, timeouts },
          snapshot: snapshot as ReturnType<LocalInvitationActor['getSnapshot']>,
          ...(inspect ? { inspect } : {}),
        });
        restored.local.push(adoptLocal(actor, context.calleeId));
      } else {
        const key = remoteKey(context.callerId, context.id);
        const refusal = remoteInvitations.has(key) ? 'duplicate-invitation' : admission.admit(context.callerId);
        if (refusal !== null) {
          left.push(refusal);
          continue;
        }
        actor = createActor(remoteInvitationMachine, {
          id: `invitation:${context.callerId}→${userId}:${context.id}`,
          input: { id: context.id, deviceId, callerId: context.callerId, callerDeviceId: deviceId, content: '', channelId: '', timeouts },
          snapshot: snapshot as ReturnType<RemoteInvitationActor['getSnapshot']>,
          ...(inspect ? { inspect } : {}),
        });
        restored.remote.push(adoptRemote(actor, context.callerId, key));
      }
      actor.start();
      // Restored without its timers (XState keeps none): the chart re-arms them with what is left.
      actor.send({ type: 'RESTORED', timers: timersToResume(actor.getSnapshot(), timers) });
    }
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
    const { actor } = tracked.invitation;
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
  restore(options.restore);

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
      const invitation = adoptLocal(actor, calleeId);
      actor.start();
      saveSoon();
      return invitation;
    },
    persist,
    restored,
    receivePushedInvitation(payload) {
      if (closing) return { status: 'dropped', reason: 'kit-closed' };
      const push = checkedPushPayload(payload);
      if (!push) return { status: 'dropped', reason: 'invalid-payload' };
      if (push.calleeId !== userId) return { status: 'dropped', reason: 'other-user' };
      const { callerId, id, content } = push;
      const key = remoteKey(callerId, id);
      const tracked = remoteInvitations.get(key)?.invitation;
      if (push.kind === 'cancel') {
        // As if the cancel had come over the wire: the chart ends the ringing and acknowledges.
        if (tracked) routeToCallee(callerId, { type: 'cancel', id, device: push.callerDeviceId, content, reason: push.reason });
        else rememberEnded(key);
        return { status: 'ended', invitation: tracked };
      }
      const invitation =
        tracked ??
        startRemoteInvitation(
          callerId,
          { type: 'invite', id, device: push.callerDeviceId, content, channelId: push.channelId },
          push.answerWithinMs,
        );
      if (typeof invitation === 'string') return { status: 'dropped', reason: invitation };
      return { status: invitation.actor.getSnapshot().hasTag('ended') ? 'ended' : 'ringing', invitation };
    },
    suspend() {
      if (!closing) {
        if (store) save();
        stopListening();
        // Stopped, not ended: no chart says goodbye, so the restored ones carry on where these left off.
        for (const invitation of localInvitations.values()) invitation.actor.stop();
        for (const { invitation } of remoteInvitations.values()) invitation.actor.stop();
        localInvitations.clear();
        remoteInvitations.clear();
        admission.clear();
        endedRemoteKeys.clear();
        closing = transport.close();
      }
      return closing;
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
        // Logged out: nothing is left to restore.
        if (store) save();
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
