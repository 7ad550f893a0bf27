/**
 * `call-invitation/persistence`: calls that survive a restart, and reach a
 * sleeping phone by push. A subpath of its own, so that apps that do not use
 * it do not ship it. See docs/persistence-and-push.md.
 */
import { createActor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { InvitationTimeouts } from '../machines/constants.js';
import { timersToResume } from '../machines/resume-timers.js';
import { endedInvitationMemoryMs } from '../machines/untracked-messages.js';
import { isValidDeviceId, isValidInvitationId } from '../protocol/codec.js';
import { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, MAX_REASON_BYTES, isStringWithin, isValidUserId } from '../protocol/limits.js';
import type { AdmissionRefusal } from './admission.js';
import { createCallKit, type CallKit } from './call-kit.js';
import { createInvitationId } from './invitation-id.js';
import type { KitHost } from './kit-host.js';
import type { LocalInvitation, LocalInvitationActor } from './local-invitation.js';
import type { CallKitOptions } from './options.js';
import type { RemoteInvitation, RemoteInvitationActor } from './remote-invitation.js';
import { remoteKey, remoteKeyParts } from './remote-key.js';

/**
 * Every pending invitation of a kit, as JSON: what `kit.persist()` returns
 * and `createCallKit({ restore })` resumes. Times in it are durations, never
 * clock readings to compare with another device: `savedAt` is read back only
 * by the device that wrote it (see docs/persistence-and-push.md).
 */
export interface PersistedCallKit {
  /** Always `call-invitation/kit`. */
  readonly format: 'call-invitation/kit';
  /** The snapshot layout; a kit restores only the version it writes. */
  readonly version: 1;
  /** The kit's user. A snapshot of another user is not restored. */
  readonly userId: string;
  /** The kit's device: a restored kit takes it, since callees address their answers to it. */
  readonly deviceId: string;
  /** `Date.now()` on this device when the snapshot was taken; only this device's later `Date.now()` is compared with it. */
  readonly savedAt: number;
  /** Invitations whose chart had not settled, ended ones included (they still answer late messages). */
  readonly invitations: readonly PersistedInvitation[];
  /** Callee side: invitations that ended here, and for how many more milliseconds a late copy of their invite must not ring. */
  readonly ended: readonly { readonly callerId: string; readonly id: string; readonly forMs: number }[];
}

/** One invitation of a {@link PersistedCallKit}. */
export interface PersistedInvitation {
  /** `local` for the caller's chart, `remote` for the callee's. */
  readonly side: 'local' | 'remote';
  /** The chart's state value. */
  readonly value: unknown;
  /** The chart's context (its `timeouts` are replaced by the restoring kit's). */
  readonly context: Readonly<Record<string, unknown>>;
  /** For each delayed transition armed when saved (`xstate.after.…`), the milliseconds it had already run. */
  readonly timers: Readonly<Record<string, number>>;
}

/**
 * Where a kit keeps its {@link PersistedCallKit}: `createCallKit({ persist })`
 * calls `save` after every change of any invitation (at most once per
 * microtask); `load` is for the app, before it creates the kit:
 * `createCallKit({ persist: store, restore: await store.load() })`.
 */
export interface CallKitStore {
  /** Stores the latest snapshot, replacing the previous one. A rejection goes to `onCallbackError`. */
  save(snapshot: PersistedCallKit): void | Promise<void>;
  /** The latest stored snapshot, or undefined. The kit validates whatever it returns. */
  load?(): PersistedCallKit | undefined | Promise<PersistedCallKit | undefined>;
}

/** Why `createCallKit({ restore })` did not resume an invitation, or any. */
export type RestoreDropReason =
  /** Not a call-invitation snapshot, or of another version. */
  | 'invalid-snapshot'
  /** A snapshot of another user. */
  | 'other-user'
  /** A snapshot of another device of this user (the kit was given a different `deviceId`). */
  | 'other-device'
  /** One invitation is malformed: an unknown state, a field of the wrong type or over its limit. */
  | 'invalid-invitation'
  /** The same invitation twice. */
  | 'duplicate-invitation';

/**
 * The armed delayed transitions (`xstate.after.…`) of `actor`, as its system's scheduler holds them. XState
 * stamps each with `startedAt`, Date.now() on this device; nothing here left the device.
 */
function delayedTransitionsOf(actor: AnyActorRef) {
  return Object.values(actor.system.getSnapshot()._scheduledEvents).filter(
    (scheduled) => scheduled.source === actor && scheduled.event.type.startsWith('xstate.after.'),
  );
}

/** How long each armed delayed transition of `actor` has run, by delayed event, on this device's clock. */
function elapsedTimers(actor: AnyActorRef, now: number): Record<string, number> {
  const timers: Record<string, number> = {};
  for (const scheduled of delayedTransitionsOf(actor)) timers[scheduled.event.type] = Math.max(0, now - scheduled.startedAt);
  return timers;
}

/** Milliseconds left on `actor`'s armed delayed transition named `delay` (e.g. `answerTimeout`), or undefined. */
function remainingOf(actor: AnyActorRef, delay: string, now: number): number | undefined {
  const scheduled = delayedTransitionsOf(actor).find(({ event }) => event.type.startsWith(`xstate.after.${delay}.`));
  return scheduled && Math.max(0, scheduled.delay - (now - scheduled.startedAt));
}

/** A plain object (not an array), as JSON can hold. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isFlatRecordOfStrings(value: unknown): value is Record<string, string> {
  if (!isRecord(value)) return false;
  const entries = Object.entries(value);
  return entries.length <= 8 && entries.every(([, field]) => isStringWithin(field, MAX_PAYLOAD_BYTES));
}

/** What a chart's context must look like to be restored: the ids and this kit's device are checked by name. */
interface ContextRules {
  readonly template: Readonly<Record<string, unknown>>;
  readonly deviceId: string;
}

const USER_ID_FIELDS = new Set(['calleeId', 'callerId']);
const DEVICE_ID_FIELDS = new Set(['callerDeviceId', 'answeringDevice']);

/**
 * The persisted context made safe, or undefined: the same fields as a fresh
 * chart's (`template`), each of the same type, every string within the wire's
 * limits. Fields a fresh chart leaves undefined may hold a string or a record
 * of a few strings (the last API answer, the outcome).
 */
function checkedContext(raw: unknown, { template, deviceId }: ContextRules, timeouts: InvitationTimeouts) {
  if (!isRecord(raw)) return undefined;
  const context: Record<string, unknown> = {};
  for (const key of Object.keys(template)) {
    const value = raw[key];
    const expected = template[key];
    if (key === 'timeouts') {
      context[key] = timeouts;
      continue;
    }
    if (key === 'id' && !isValidInvitationId(value)) return undefined;
    if (key === 'deviceId' && value !== deviceId) return undefined;
    if (USER_ID_FIELDS.has(key) && !isValidUserId(value)) return undefined;
    if (DEVICE_ID_FIELDS.has(key) && value !== undefined && !isValidDeviceId(value)) return undefined;
    if (typeof value === 'string' && !isStringWithin(value, MAX_PAYLOAD_BYTES)) return undefined;
    if (typeof value === 'number' && !Number.isFinite(value)) return undefined;
    if (expected === undefined) {
      if (value === undefined || typeof value === 'string') context[key] = value;
      else if (isFlatRecordOfStrings(value)) context[key] = { ...value };
      else return undefined;
    } else if (typeof value === typeof expected && !isRecord(value)) context[key] = value;
    else return undefined;
  }
  return context;
}

/**
 * A restorable snapshot of `machine` from a persisted invitation, or
 * undefined when the state or the context is not one the chart can be in, or
 * when nothing is left to do (a settled chart).
 */
function restorableSnapshot(
  machine: AnyStateMachine,
  persisted: unknown,
  rules: ContextRules,
  timeouts: InvitationTimeouts,
): AnyMachineSnapshot | undefined {
  if (!isRecord(persisted) || !isRecord(persisted.timers)) return undefined;
  const context = checkedContext(persisted.context, rules, timeouts);
  if (!context) return undefined;
  try {
    const snapshot = machine.resolveState({ value: persisted.value as string, context });
    // A final node reached (settled) or a value XState resolved to something else: not this chart's state.
    if (snapshot.status !== 'active' || snapshot._nodes.some((node) => node.type === 'final')) return undefined;
    if (JSON.stringify(snapshot.value) !== JSON.stringify(persisted.value)) return undefined;
    return snapshot;
  } catch {
    return undefined;
  }
}

/** A fresh chart's context: the shape a restored one must have. */
function contextTemplate(machine: AnyStateMachine, input: unknown): Readonly<Record<string, unknown>> {
  return createActor(machine, { input }).getSnapshot().context as Record<string, unknown>;
}

/** The time each timer of a persisted invitation had run, plus the time the device was down; junk counts as 0. */
function elapsedSince(timers: Readonly<Record<string, unknown>>, downtimeMs: number): Record<string, number> {
  const elapsed: Record<string, number> = {};
  for (const [event, value] of Object.entries(timers)) {
    if (typeof value === 'number' && value >= 0) elapsed[event] = value + downtimeMs;
  }
  return elapsed;
}

/**
 * What a caller's kit hands to `onPeerOffline`, for the app's server to send
 * by APNs or FCM and the callee's app to give to `kit.receivePushedInvitation`.
 * Self-contained: the callee needs nothing else to ring, or to stop ringing.
 */
export type PushPayload = PushedInvite | PushedCancel;

/** The fields every {@link PushPayload} carries. */
export interface PushedInvitationBase {
  /** Always `call-invitation/push`. */
  readonly format: 'call-invitation/push';
  /** The payload layout. */
  readonly version: 1;
  /** The invitation id. */
  readonly id: string;
  /** The caller's user id. Not authenticated by any transport: the app's push path must be. */
  readonly callerId: string;
  /** The caller's device: the callee's answers go to it. */
  readonly callerDeviceId: string;
  /** The callee's user id. */
  readonly calleeId: string;
  /** The caller's content (for a cancel, as the cancel carried it). */
  readonly content: string;
}

/** A pushed invite: ring, for at most `answerWithinMs`. */
export interface PushedInvite extends PushedInvitationBase {
  /** An invite. */
  readonly kind: 'invite';
  /** The caller's channel id. */
  readonly channelId: string;
  /**
   * How long the caller would still take this device's answer, in milliseconds, when its kit
   * made the payload: a relative duration, so the push's time in transit is not counted (see the guide).
   */
  readonly answerWithinMs: number;
}

/** A pushed cancel: stop ringing (and dismiss the push's own UI). */
export interface PushedCancel extends PushedInvitationBase {
  /** A cancel. */
  readonly kind: 'cancel';
  /** The caller's cancel reason, empty when it gave none. */
  readonly reason: string;
}

/** A pushed payload checked field by field, or undefined. */
function checkedPushPayload(payload: unknown): PushPayload | undefined {
  if (!isRecord(payload) || payload.format !== 'call-invitation/push' || payload.version !== 1) return undefined;
  const { kind, id, callerId, callerDeviceId, calleeId, content } = payload;
  if (
    !isValidInvitationId(id) ||
    !isValidUserId(callerId) ||
    !isValidDeviceId(callerDeviceId) ||
    !isValidUserId(calleeId) ||
    !isStringWithin(content, MAX_PAYLOAD_BYTES)
  ) {
    return undefined;
  }
  const base = { format: 'call-invitation/push', version: 1, id, callerId, callerDeviceId, calleeId, content } as const;
  if (kind === 'invite') {
    const { channelId, answerWithinMs } = payload;
    if (!isStringWithin(channelId, MAX_CHANNEL_ID_BYTES)) return undefined;
    if (typeof answerWithinMs !== 'number' || Number.isNaN(answerWithinMs)) return undefined;
    return { ...base, kind, channelId, answerWithinMs };
  }
  if (kind === 'cancel' && isStringWithin(payload.reason, MAX_REASON_BYTES)) return { ...base, kind, reason: payload.reason };
  return undefined;
}

/** The invitations `createPersistentCallKit({ restore })` resumed, and what it could not. */
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

/** Options of {@link createPersistentCallKit}: those of `createCallKit`, and these. */
export interface PersistentCallKitOptions extends CallKitOptions {
  /**
   * A snapshot from `kit.persist()` (or `store.load()`) to resume: every pending invitation
   * comes back in its state, its timers running on with what was left. Checked as untrusted
   * input: what cannot be restored is listed in `kit.restored.dropped`, never thrown. Without
   * `deviceId`, the kit takes the snapshot's.
   */
  readonly restore?: unknown;
  /** Saves `kit.persist()` to this store after every change of any invitation, and an empty snapshot on `close()`. */
  readonly persist?: CallKitStore;
  /**
   * Called once per invitation when the transport reports that no device of the callee is
   * connected, with a payload for a VoIP push (APNs, FCM); and once more if that invitation is
   * then canceled, so that the pushed ringing can be dismissed.
   */
  readonly onPeerOffline?: (notice: PeerOfflineNotice) => void;
}

/** What {@link createPersistentCallKit} adds to a kit. */
export interface PersistenceMethods {
  /**
   * Every invitation whose chart has not settled, both sides, as versioned JSON for
   * `createPersistentCallKit({ restore })`. Timers are kept as the time each already ran.
   */
  persist(): PersistedCallKit;
  /** What `restore` resumed; empty lists without it. */
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
}

/** A kit that persists and restores its invitations and hands undeliverable ones to a push service. */
export type PersistentCallKit = CallKit & PersistenceMethods;

/**
 * `createCallKit`, plus persistence and push: `kit.persist()`, `restore`,
 * `persist` (a store saved on every change), `onPeerOffline` and
 * `kit.receivePushedInvitation()`. Everything it reads back (`restore`, a
 * pushed payload) is checked as untrusted input.
 *
 * @example
 * ```ts
 * const kit = createPersistentCallKit({ userId, transport, persist: store, restore: await store.load() });
 * for (const invitation of kit.restored.remote) showRinging(invitation);
 * ```
 */
export function createPersistentCallKit(options: PersistentCallKitOptions): PersistentCallKit {
  const { restore: persisted } = options;
  // A restored kit is the device that saved the snapshot: its callees address their answers to it.
  const savedDeviceId = isRecord(persisted) && persisted.userId === options.userId ? persisted.deviceId : undefined;
  const deviceId = options.deviceId ?? (isValidDeviceId(savedDeviceId) ? savedDeviceId : createInvitationId());
  // The kit checks the options (it throws on bad ones) before the extension runs.
  return createCallKit({ ...options, deviceId }, (host) => persistence(host, options));
}

function persistence(host: KitHost, options: PersistentCallKitOptions) {
  const { restore: persisted, persist: store, onPeerOffline } = options;
  // What the kit runs with: its validated options, its defaults filled in.
  const { userId, deviceId, timeouts, inspect, onCallbackError, localInvitationMachine, remoteInvitationMachine } = host.options;
  const { localInvitations, remoteInvitations, endedRemoteKeys } = host;
  const restored = { local: [] as LocalInvitation[], remote: [] as RemoteInvitation[], dropped: [] as RestoredInvitations['dropped'][number][] };
  let saveQueued = false;
  let suspended = false;
  let closed = false;

  /** With a store: saves once after whatever else changes in this turn. */
  function saveSoon(): void {
    if (!store || saveQueued || closed) return;
    saveQueued = true;
    queueMicrotask(() => {
      saveQueued = false;
      if (!closed) save();
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
      if (snapshot.status !== 'active') return;
      invitations.push({ side, value: snapshot.value, context: { ...snapshot.context }, timers: elapsedTimers(actor, now) });
    };
    for (const invitation of localInvitations.values()) add('local', invitation.actor);
    for (const invitation of remoteInvitations.values()) add('remote', invitation.actor);
    const ended: PersistedCallKit['ended'][number][] = [];
    for (const [key, expiresAt] of endedRemoteKeys) {
      if (expiresAt > now) ended.push({ ...remoteKeyParts(key), forMs: expiresAt - now });
    }
    return { format: 'call-invitation/kit', version: 1, userId, deviceId, savedAt: now, invitations, ended };
  }

  /**
   * Resumes what `persisted` holds. Everything in it is checked as untrusted input: a malformed
   * snapshot or invitation is left out and listed in `restored.dropped`, never thrown.
   */
  function restore(): void {
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
      const forMs = Math.min(entry.forMs, endedInvitationMemoryMs(timeouts)) - downtimeMs;
      if (isValidInvitationId(entry.id) && forMs > 0) endedRemoteKeys.set(remoteKey(entry.callerId, entry.id), now + forMs);
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
      const snapshot = restorableSnapshot(side === 'local' ? localInvitationMachine : remoteInvitationMachine, entry, rules[side], timeouts);
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
        restored.local.push(host.adoptLocal(actor));
      } else {
        const key = remoteKey(context.callerId, context.id);
        const refusal = remoteInvitations.has(key) ? 'duplicate-invitation' : host.admission.admit(context.callerId);
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
        restored.remote.push(host.adoptRemote(actor, context.callerId, key));
      }
      actor.start();
      // Restored without its timers (XState keeps none): the chart re-arms them with what is left.
      actor.send({ type: 'RESTORED', timers: timersToResume(actor.getSnapshot(), timers) });
    }
  }

  /** The chart asked for a push (`pushNeeded`): hand the app a self-contained payload, once per ask. */
  function pushNeeded(invitation: LocalInvitation, kind: 'invite' | 'cancel'): void {
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

  const methods: PersistenceMethods = {
    persist,
    restored,
    receivePushedInvitation(payload) {
      if (closed) return { status: 'dropped', reason: 'kit-closed' };
      const push = checkedPushPayload(payload);
      if (!push) return { status: 'dropped', reason: 'invalid-payload' };
      if (push.calleeId !== userId) return { status: 'dropped', reason: 'other-user' };
      const { callerId, id, content } = push;
      const key = remoteKey(callerId, id);
      const tracked = remoteInvitations.get(key);
      if (push.kind === 'cancel') {
        // As if the cancel had come over the wire: the chart ends the ringing and acknowledges.
        if (tracked) tracked.actor.send({ type: 'PEER_CANCELED', content, reason: push.reason });
        else {
          // Never let a later copy of its invite ring (as for a cancel that overtook its invite).
          endedRemoteKeys.set(key, Date.now() + endedInvitationMemoryMs(timeouts));
          saveSoon();
        }
        return { status: 'ended', invitation: tracked };
      }
      const invitation =
        tracked ??
        host.startRemoteInvitation(
          callerId,
          { type: 'invite', id, device: push.callerDeviceId, content, channelId: push.channelId },
          push.answerWithinMs,
        );
      if (typeof invitation === 'string') return { status: 'dropped', reason: invitation };
      return { status: invitation.actor.getSnapshot().hasTag('ended') ? 'ended' : 'ringing', invitation };
    },
    suspend() {
      if (!closed) {
        suspended = true;
        if (store) save();
        closed = true;
      }
      // Stopped, not ended: no chart says goodbye, so the restored ones carry on where these left off.
      return host.shutDown(false);
    },
  };
  const close = () => {
    const stopped = host.shutDown(true);
    // Logged out: nothing is left to restore. After suspend(), the saved snapshot must stay.
    if (store && !suspended && !closed) save();
    closed = true;
    return stopped;
  };

  /** Saves on each change of `actor`'s chart, and hands its pushes (`pushNeeded`) to the app. */
  function watch(actor: LocalInvitationActor | RemoteInvitationActor): void {
    if (store) (actor as AnyActorRef).subscribe(saveSoon);
    saveSoon();
    const { id } = actor.getSnapshot().context;
    const invitation = localInvitations.get(id);
    if (invitation?.actor === actor) actor.on('pushNeeded', ({ kind }) => pushNeeded(invitation, kind));
  }

  restore();
  for (const invitation of [...restored.local, ...restored.remote]) watch(invitation.actor);

  return {
    methods: { ...methods, close },
    adopted: watch,
  };
}
