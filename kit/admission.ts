/**
 * Whether a new incoming invite may start ringing. Pure bookkeeping, no I/O:
 * the kit asks before it creates an actor and reports when the actor is gone.
 *
 * Three bounds, so that one sender who floods uses up only its own share:
 * invitations held from one caller, invitations held in total, and new
 * invites from one caller per second. "Held" means from arrival until the
 * invitation settles (its linger period included): that is what costs memory.
 */

/** Why a new invite was not let in. Each is also a {@link DropReason} of the kit. */
export type AdmissionRefusal =
  /** The kit already holds `maxIncomingInvitations` invitations, from anyone. */
  | 'too-many-invitations'
  /** The kit already holds `maxIncomingInvitationsPerCaller` invitations from this caller. */
  | 'too-many-invitations-from-caller'
  /** This caller sent more than `maxInvitesPerCallerPerSecond` new invites. */
  | 'invite-rate-exceeded';

/** The bounds an {@link InvitationAdmission} enforces. */
export interface AdmissionLimits {
  readonly maxHeld: number;
  readonly maxHeldPerCaller: number;
  /** `Infinity` turns the rate bound off. */
  readonly maxInvitesPerCallerPerSecond: number;
}

/** The admission bookkeeping of one kit. */
export interface InvitationAdmission {
  /** Decides on a new invite from `callerId`; when it returns null the invitation counts as held until {@link release}. */
  admit(callerId: string): AdmissionRefusal | null;
  /** The invitation from `callerId` that {@link admit} let in is gone. */
  release(callerId: string): void;
  /** Forgets everything (the kit closed). */
  clear(): void;
}

/** How many new invites a caller may still send now, and when that was worked out. */
interface InviteAllowance {
  tokens: number;
  measuredAt: number;
}

/**
 * A relative clock: only differences between its readings are used, so a
 * wall-clock jump cannot open or shut the rate bound. Read at each call, so
 * fake timers in tests drive it too.
 */
const monotonicNow = (): number => performance.now();

/**
 * Creates the admission bookkeeping. The rate bound is a token bucket per
 * caller holding at most one second's worth of invites (at least one), so a
 * caller may send a short burst and then no more than the rate on average.
 */
export function createInvitationAdmission(limits: AdmissionLimits, now: () => number = monotonicNow): InvitationAdmission {
  const heldByCaller = new Map<string, number>();
  let heldInTotal = 0;
  const rate = limits.maxInvitesPerCallerPerSecond;
  const bucketSize = Math.max(1, rate);
  // A caller whose bucket has filled up again needs no entry: a fresh one is full.
  const refillMs = (bucketSize / rate) * 1000;
  // Allowances of callers seen recently, least recently used first (a Map keeps insertion order).
  const allowances = new Map<string, InviteAllowance>();
  // Callers with a held invitation are at most maxHeld; the others only matter for refillMs.
  // Past this many entries the least recently used is forgotten, which can only favour that caller.
  const maxTrackedCallers = Math.max(1_000, 2 * limits.maxHeld);

  function forgetRefilledAllowances(at: number): void {
    for (const [callerId, allowance] of allowances) {
      if (allowances.size <= maxTrackedCallers && at - allowance.measuredAt < refillMs) break;
      allowances.delete(callerId);
    }
  }

  function takeInviteToken(callerId: string): boolean {
    if (rate === Infinity) return true;
    const at = now();
    forgetRefilledAllowances(at);
    const previous = allowances.get(callerId);
    const elapsedMs = previous === undefined ? Infinity : Math.max(0, at - previous.measuredAt);
    const tokens = previous === undefined ? bucketSize : Math.min(bucketSize, previous.tokens + (elapsedMs * rate) / 1000);
    allowances.delete(callerId);
    const allowed = tokens >= 1;
    allowances.set(callerId, { tokens: allowed ? tokens - 1 : tokens, measuredAt: at });
    return allowed;
  }

  return {
    admit(callerId) {
      if (!takeInviteToken(callerId)) return 'invite-rate-exceeded';
      const heldFromCaller = heldByCaller.get(callerId) ?? 0;
      if (heldFromCaller >= limits.maxHeldPerCaller) return 'too-many-invitations-from-caller';
      if (heldInTotal >= limits.maxHeld) return 'too-many-invitations';
      heldByCaller.set(callerId, heldFromCaller + 1);
      heldInTotal += 1;
      return null;
    },
    release(callerId) {
      const heldFromCaller = heldByCaller.get(callerId);
      if (heldFromCaller === undefined) return;
      if (heldFromCaller <= 1) heldByCaller.delete(callerId);
      else heldByCaller.set(callerId, heldFromCaller - 1);
      heldInTotal -= 1;
    },
    clear() {
      heldByCaller.clear();
      allowances.clear();
      heldInTotal = 0;
    },
  };
}
