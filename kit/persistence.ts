import { createActor, type AnyActorRef, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import type { InvitationTimeouts } from '../machines/constants.js';
import { isValidDeviceId, isValidInvitationId } from '../protocol/codec.js';
import { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, MAX_REASON_BYTES, isStringWithin, isValidUserId } from '../protocol/limits.js';

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

/** How long each armed delayed transition of `actor` has run, by delayed event, on this device's clock. */
export function elapsedTimers(actor: AnyActorRef, now: number): Record<string, number> {
  const timers: Record<string, number> = {};
  // XState stamps every scheduled event with Date.now() on this device; nothing here left the device.
  for (const scheduled of Object.values(actor.system.getSnapshot()._scheduledEvents)) {
    if (scheduled.source === actor && scheduled.event.type.startsWith('xstate.after.')) {
      timers[scheduled.event.type] = Math.max(0, now - scheduled.startedAt);
    }
  }
  return timers;
}

/** Milliseconds left on `actor`'s armed delayed transition named `delay` (e.g. `answerTimeout`), or undefined. */
export function remainingOf(actor: AnyActorRef, delay: string, now: number): number | undefined {
  for (const scheduled of Object.values(actor.system.getSnapshot()._scheduledEvents)) {
    if (scheduled.source === actor && scheduled.event.type.startsWith(`xstate.after.${delay}.`)) {
      return Math.max(0, scheduled.delay - (now - scheduled.startedAt));
    }
  }
  return undefined;
}

/** A plain object (not an array), as JSON can hold. */
export function isRecord(value: unknown): value is Record<string, unknown> {
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
export function restorableSnapshot(
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
export function contextTemplate(machine: AnyStateMachine, input: unknown): Readonly<Record<string, unknown>> {
  return createActor(machine, { input }).getSnapshot().context as Record<string, unknown>;
}

/** The time each timer of a persisted invitation had run, plus the time the device was down; junk counts as 0. */
export function elapsedSince(timers: Readonly<Record<string, unknown>>, downtimeMs: number): Record<string, number> {
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
export function checkedPushPayload(payload: unknown): PushPayload | undefined {
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
