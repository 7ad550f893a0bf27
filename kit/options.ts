import type { InspectionEvent, Observer } from 'xstate';
import type { Transport } from '../adapters/transport.js';
import { DEFAULT_TIMEOUTS, type InvitationTimeouts } from '../machines/constants.js';
import { localInvitationMachine } from '../machines/local-invitation.machine.js';
import { remoteInvitationMachine } from '../machines/remote-invitation.machine.js';
import { isValidDeviceId } from '../protocol/codec.js';
import { isValidUserId } from '../protocol/limits.js';
import { createInvitationId } from './invitation-id.js';

/** Options of `createCallKit`. */
export interface CallKitOptions {
  /** This user's id: 1 to 64 bytes of UTF-8, equal to `transport.localId`. */
  readonly userId: string;
  /**
   * This device's id, 1 to 64 characters of `A-Z a-z 0-9 _ -`, unique among the
   * devices of the user. Generated (random) when absent; give a stable one only
   * if the app needs to recognise a device across restarts.
   */
  readonly deviceId?: string;
  /** How messages reach other users. The kit owns it from now on: `kit.close()` closes it. */
  readonly transport: Transport;
  /** Overrides of the default timeouts (30 s acknowledgement, 60 s answer, 5 s confirmation, 1 s re-send, 10 s linger). */
  readonly timeouts?: Partial<InvitationTimeouts>;
  /**
   * An inspection observer handed to every actor the kit creates, caller and
   * callee side alike, e.g. `createBrowserInspector().inspect` from
   * `@statelyai/inspect`.
   */
  readonly inspect?: Observer<InspectionEvent> | ((event: InspectionEvent) => void);
  /**
   * Most incoming invitations held at once, from all callers together (an
   * invitation is held from arrival until it settles, its linger period
   * included); further invites are dropped (counted as
   * `too-many-invitations`) so that a flood cannot grow memory without
   * bound. Default 10 000. This is the bound a server-side kit, one that
   * many users call, must size to its memory (about 5 KiB per invitation); see
   * docs/security.md.
   */
  readonly maxIncomingInvitations?: number;
  /**
   * Most incoming invitations held at once from one caller; further invites
   * from that caller are dropped (counted as
   * `too-many-invitations-from-caller`), so that one sender cannot use up
   * `maxIncomingInvitations` and lock every other caller out. Default 10.
   * Callers are told apart by the `from` the transport authenticates.
   */
  readonly maxIncomingInvitationsPerCaller?: number;
  /**
   * Most new invites one caller may send per second, on average, with bursts
   * of up to one second's worth; further ones are dropped (counted as
   * `invite-rate-exceeded`) and the caller's re-sends try again. Measured on
   * a monotonic clock. Default 5; `Infinity` turns the bound off.
   */
  readonly maxInvitesPerCallerPerSecond?: number;
  /**
   * Refuse incoming invitations on this device with the reason `busy`, without
   * ringing, while it is in a call: from the moment one of its invitations
   * connects (ACCEPTED or ACCEPTED_BY_REMOTE) until the app calls
   * `kit.setInCall(false)`. `'in-call-or-ringing'` also refuses while another
   * invitation rings or is being placed here. Default: off, every invitation rings.
   */
  readonly rejectWhenBusy?: boolean | 'in-call' | 'in-call-or-ringing';
  /** Where exceptions thrown by the app's own callbacks go. Default `console.error`. */
  readonly onCallbackError?: (error: unknown) => void;
  /**
   * The charts to run, for apps that extend them with `.provide()` (extra
   * logging, analytics) and for tests that run deliberately broken variants.
   * Defaults to the package's own `localInvitationMachine` and `remoteInvitationMachine`.
   */
  readonly machines?: CallKitMachines;
}

/** The charts a kit runs, each defaulting to the package's own; see {@link CallKitOptions.machines}. */
export interface CallKitMachines {
  /** The caller's chart. Default `localInvitationMachine`. */
  readonly localInvitation?: typeof localInvitationMachine;
  /** The callee's chart. Default `remoteInvitationMachine`. */
  readonly remoteInvitation?: typeof remoteInvitationMachine;
}

/** The options after defaults and validation. */
export interface ResolvedCallKitOptions {
  readonly userId: string;
  readonly deviceId: string;
  readonly transport: Transport;
  readonly timeouts: InvitationTimeouts;
  readonly inspect: CallKitOptions['inspect'];
  readonly maxIncomingInvitations: number;
  readonly maxIncomingInvitationsPerCaller: number;
  readonly maxInvitesPerCallerPerSecond: number;
  readonly rejectWhenBusy: 'off' | 'in-call' | 'in-call-or-ringing';
  readonly onCallbackError: (error: unknown) => void;
  readonly localInvitationMachine: typeof localInvitationMachine;
  readonly remoteInvitationMachine: typeof remoteInvitationMachine;
}

function checkDuration(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`timeouts.${name} must be a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

function checkCount(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(value)}`);
  }
  return value;
}

/** Applies defaults and rejects options the kit cannot work with. Throws TypeError or RangeError. */
export function resolveCallKitOptions(options: CallKitOptions): ResolvedCallKitOptions {
  if (typeof options !== 'object' || options === null) throw new TypeError('createCallKit needs an options object');
  const { userId, transport } = options;
  if (!isValidUserId(userId)) {
    throw new TypeError(`userId must be a non-empty string of at most 64 bytes of UTF-8, got ${JSON.stringify(userId)}`);
  }
  if (
    typeof transport !== 'object' ||
    transport === null ||
    typeof transport.send !== 'function' ||
    typeof transport.onMessage !== 'function' ||
    typeof transport.close !== 'function'
  ) {
    throw new TypeError('transport must implement send, onMessage and close');
  }
  if (transport.localId !== userId) {
    throw new TypeError(
      `transport.localId (${JSON.stringify(transport.localId)}) must equal userId (${JSON.stringify(userId)})`,
    );
  }
  const deviceId = options.deviceId ?? createInvitationId();
  if (!isValidDeviceId(deviceId)) {
    throw new TypeError(`deviceId must be 1 to 64 characters of A-Z a-z 0-9 _ -, got ${JSON.stringify(deviceId)}`);
  }
  const merged = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const timeouts: InvitationTimeouts = {
    acknowledgeMs: checkDuration('acknowledgeMs', merged.acknowledgeMs),
    answerMs: checkDuration('answerMs', merged.answerMs),
    confirmMs: checkDuration('confirmMs', merged.confirmMs),
    resendMs: checkDuration('resendMs', merged.resendMs),
    lingerMs: checkDuration('lingerMs', merged.lingerMs),
  };
  const maxIncomingInvitations = checkCount('maxIncomingInvitations', options.maxIncomingInvitations ?? 10_000);
  const maxIncomingInvitationsPerCaller = checkCount(
    'maxIncomingInvitationsPerCaller',
    options.maxIncomingInvitationsPerCaller ?? 10,
  );
  const maxInvitesPerCallerPerSecond = options.maxInvitesPerCallerPerSecond ?? 5;
  if (typeof maxInvitesPerCallerPerSecond !== 'number' || !(maxInvitesPerCallerPerSecond > 0)) {
    throw new RangeError(
      `maxInvitesPerCallerPerSecond must be a positive number or Infinity, got ${String(maxInvitesPerCallerPerSecond)}`,
    );
  }
  const { rejectWhenBusy = false } = options;
  if (rejectWhenBusy !== false && rejectWhenBusy !== true && rejectWhenBusy !== 'in-call' && rejectWhenBusy !== 'in-call-or-ringing') {
    throw new RangeError(`rejectWhenBusy must be a boolean, 'in-call' or 'in-call-or-ringing', got ${String(rejectWhenBusy)}`);
  }
  return {
    userId,
    deviceId,
    rejectWhenBusy: rejectWhenBusy === true ? 'in-call' : rejectWhenBusy === false ? 'off' : rejectWhenBusy,
    transport,
    timeouts,
    inspect: options.inspect,
    maxIncomingInvitations,
    maxIncomingInvitationsPerCaller,
    maxInvitesPerCallerPerSecond,
    onCallbackError: options.onCallbackError ?? ((error) => console.error('call-invitation: a callback threw', error)),
    localInvitationMachine: options.machines?.localInvitation ?? localInvitationMachine,
    remoteInvitationMachine: options.machines?.remoteInvitation ?? remoteInvitationMachine,
  };
}
