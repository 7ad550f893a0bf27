/**
 * The composed protocol, explored exhaustively at small bounds: every
 * interleaving of API calls, deliveries, losses and timers the bound allows,
 * checked against the invariants of docs/invariants.md on every configuration
 * and every step. `npm run check:exhaustive` runs the larger bounds.
 */
import { describe, expect, it } from 'vitest';
import { EXHAUSTIVE_BOUNDS, QUICK_BOUNDS } from './bounds.js';
import { checkProtocolV2, describeViolations, summary } from './check.js';

const exhaustive = process.env.CALL_INVITATION_EXHAUSTIVE === '1';
const bounds = exhaustive ? [...QUICK_BOUNDS, ...EXHAUSTIVE_BOUNDS] : QUICK_BOUNDS;
// Generous: the figures are CPU seconds, but machines shared with other jobs stretch wall time several times.
const TIMEOUT_MS = exhaustive ? 3_600_000 : 180_000;

describe('the shipped charts, composed', () => {
  it.each(bounds.map((bound) => [bound.name, bound] as const))('hold every invariant in every reachable configuration: %s', (_, bound) => {
    const report = checkProtocolV2(bound);
    console.info(summary(report));
    expect(describeViolations(report)).toBe('');
    expect(report.configurations).toBeGreaterThan(1_000);
    expect(report.transitions).toBeGreaterThan(report.configurations);
    expect(report.quiescent).toBeGreaterThan(0);
  }, TIMEOUT_MS);
});
