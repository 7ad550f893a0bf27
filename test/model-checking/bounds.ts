/**
 * The bounds the checker runs at. Time is in abstract units; the timeouts
 * keep the defaults' order (resend < confirm < acknowledge < answer) and the
 * documented conditions: lingerMs above confirmMs plus the worst one-way
 * delay, and, for a delivering network, a latency below half the
 * confirmation timeout.
 */
import type { Bound } from './protocol-v2.js';

/** One unit of latency: the smallest timeouts that keep the documented conditions. */
const SMALL = { resendMs: 1, confirmMs: 3, acknowledgeMs: 4, answerMs: 5, lingerMs: 5 } as const;
/**
 * No latency: a message arrives in the same time unit, but still in any order with the other messages and the
 * timers due then. Small enough for two callee devices in `npm test`; linger stays above confirm + latency.
 */
const INSTANT = { resendMs: 1, confirmMs: 2, acknowledgeMs: 3, answerMs: 4, lingerMs: 3 } as const;
/** One unit of latency with a re-send every two units: the smallest latency-1 bound two callee devices fit in. */
const SPARSE_RESEND = { resendMs: 2, confirmMs: 3, acknowledgeMs: 4, answerMs: 5, lingerMs: 5 } as const;
/** Two units of latency, so that messages overtake each other in more ways. */
const LARGER = { resendMs: 2, confirmMs: 5, acknowledgeMs: 7, answerMs: 9, lingerMs: 8 } as const;

/** Glare: alice's invitation has the lower id, so hers wins (the composition is symmetric in the two users). */
const ALICE_WINS = { alice: 'call-1', bob: 'call-2' } as const;

/**
 * Glare at latency 0: alice and bob each send before the other's invite reached them, and each callee may accept
 * or refuse. Shared by `npm test` and the `glareIgnored` hunt.
 */
export const GLARE_BOUND: Bound = {
  name: 'glare, delivering: latency 0, timeouts 1/2/3/4/3, alice and bob each send, each callee accept+refuse',
  timeouts: INSTANT,
  maxLatency: 0,
  losses: 0,
  duplicates: 0,
  callerCalls: ['send'],
  calleeCalls: ['accept', 'refuse'],
  glare: ALICE_WINS,
};

const EVERY_CALLER_CALL = ['send (content over 8192 bytes)', 'send', 'cancel'] as const;
const EVERY_CALLEE_CALL = ['accept', 'refuse', 'accept (response over 8192 bytes)', 'refuse (response over 8192 bytes)'] as const;

/**
 * `npm test`: a delivering and a lossy network, with one bob device and with two, and glare; small enough for a
 * few seconds of CPU.
 */
export const QUICK_BOUNDS: readonly Bound[] = [
  {
    name: 'delivering: latency ≤ 1, timeouts 1/3/4/5/5, alice send+cancel, bob accept',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 0,
    duplicates: 0,
    callerCalls: ['send', 'cancel'],
    calleeCalls: ['accept'],
  },
  {
    name: 'lossy: up to 1 loss, latency ≤ 1, timeouts 1/3/4/5/5, alice send, bob accept',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 1,
    duplicates: 0,
    callerCalls: ['send'],
    calleeCalls: ['accept'],
  },
  {
    name: 'two bob devices, delivering: latency 0, timeouts 1/2/3/4/3, alice send, each device accept+refuse',
    timeouts: INSTANT,
    maxLatency: 0,
    losses: 0,
    duplicates: 0,
    callerCalls: ['send'],
    calleeCalls: ['accept', 'refuse'],
    calleeDevices: 2,
  },
  {
    name: 'two bob devices, lossy: up to 1 loss, latency 0, timeouts 1/2/3/4/3, alice send, each device accept',
    timeouts: INSTANT,
    maxLatency: 0,
    losses: 1,
    duplicates: 0,
    callerCalls: ['send'],
    calleeCalls: ['accept'],
    calleeDevices: 2,
  },
  GLARE_BOUND,
];

/** `npm run check:exhaustive`: every API call, a duplicate, more loss, a replay, a larger latency; glare with a duplicate, a loss, latency ≤ 1, and equal ids. */
export const EXHAUSTIVE_BOUNDS: readonly Bound[] = [
  {
    name: 'delivering: latency ≤ 1, alice send+cancel, bob accept+refuse',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 0,
    duplicates: 0,
    callerCalls: ['send', 'cancel'],
    calleeCalls: ['accept', 'refuse'],
  },
  {
    name: 'delivering: latency ≤ 1, 1 duplicate, alice send+cancel, bob accept+refuse',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 0,
    duplicates: 1,
    callerCalls: ['send', 'cancel'],
    calleeCalls: ['accept', 'refuse'],
  },
  {
    name: 'delivering: latency ≤ 1, every API call (oversized payloads included)',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 0,
    duplicates: 0,
    callerCalls: EVERY_CALLER_CALL,
    calleeCalls: EVERY_CALLEE_CALL,
  },
  {
    name: 'delivering: latency ≤ 2, timeouts 2/5/7/9/8, alice send+cancel, bob accept+refuse',
    timeouts: LARGER,
    maxLatency: 2,
    losses: 0,
    duplicates: 0,
    callerCalls: ['send', 'cancel'],
    calleeCalls: ['accept', 'refuse'],
  },
  {
    name: 'lossy: up to 3 losses, latency ≤ 1, alice send+cancel, bob accept+refuse',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 3,
    duplicates: 0,
    callerCalls: ['send', 'cancel'],
    calleeCalls: ['accept', 'refuse'],
  },
  {
    name: 'replaying: 1 replay of any earlier message, latency ≤ 1, alice send+cancel, bob accept+refuse',
    timeouts: SMALL,
    maxLatency: 1,
    losses: 0,
    duplicates: 0,
    replays: 1,
    callerCalls: ['send', 'cancel'],
    calleeCalls: ['accept', 'refuse'],
  },
  {
    name: 'two bob devices, delivering: latency ≤ 1, timeouts 2/3/4/5/5, alice send, each device accept',
    timeouts: SPARSE_RESEND,
    maxLatency: 1,
    losses: 0,
    duplicates: 0,
    callerCalls: ['send'],
    calleeCalls: ['accept'],
    calleeDevices: 2,
  },
  { ...GLARE_BOUND, name: 'glare, delivering: latency 0, 1 duplicate, timeouts 1/2/3/4/3, each send, each callee accept+refuse', duplicates: 1 },
  { ...GLARE_BOUND, name: 'glare, lossy: up to 1 loss, latency 0, timeouts 1/2/3/4/3, each send, each callee accept+refuse', losses: 1 },
  {
    ...GLARE_BOUND,
    name: 'glare, delivering: latency ≤ 1, timeouts 2/3/4/5/5, each send, each callee accept+refuse',
    timeouts: SPARSE_RESEND,
    maxLatency: 1,
  },
  {
    ...GLARE_BOUND,
    name: 'glare, equal invitation ids (the lower user id wins): latency 0, timeouts 1/2/3/4/3, each send, each callee accept+refuse',
    glare: { alice: 'call-1', bob: 'call-1' },
  },
];

/** Where mutants are hunted: small and fast, with every API call and one replay available. */
export const MUTANT_BOUND: Bound = {
  name: 'mutant hunt: latency ≤ 1, timeouts 1/3/4/5/5, every API call',
  timeouts: SMALL,
  maxLatency: 1,
  losses: 0,
  duplicates: 0,
  callerCalls: EVERY_CALLER_CALL,
  calleeCalls: EVERY_CALLEE_CALL,
};
