/**
 * One entry point: compose protocol v2 at a bound, explore it, check every
 * invariant, and render each violation's shortest run.
 */
import { ComposedSystem, type Step } from './composition.js';
import { DEADLOCK, explore, LIVELOCK, type Exploration, type ExploreOptions, type Violation } from './explorer.js';
import { protocolV2Invariants } from './properties.js';
import { composedCalls, protocolV2, type Bound, type Charts } from './protocol-v2.js';
import { replay } from './sequence-diagram.js';

export interface CheckReport extends Exploration<Step> {
  readonly bound: Bound;
  readonly system: ComposedSystem;
}

export interface CheckOptions extends ExploreOptions {
  /**
   * Judge the run as if the network delivered every message within the
   * latency bound, even where the bound lets it lose or replay some: used to
   * find what exactly breaks the invariants that hold only on such a network.
   */
  readonly judgeAsDelivering?: boolean;
  /** Glare: require `replaced` on both sides of the loser even where its callee's app refused it (see properties.ts). */
  readonly strictGlare?: boolean;
}

export function checkProtocolV2(bound: Bound, charts: Charts = {}, options: CheckOptions = {}): CheckReport {
  const system = new ComposedSystem(protocolV2(bound, charts));
  const delivers = options.judgeAsDelivering === true || (bound.losses === 0 && (bound.replays ?? 0) === 0);
  const invariants = protocolV2Invariants(system, { delivers, strictGlare: options.strictGlare === true }, composedCalls(bound));
  return { ...explore(system, invariants, options), bound, system };
}

/**
 * Replays a counterexample on a fresh composition of the same charts and
 * judges where it ends: returns what the invariant says there, so a test can
 * require the same message. Livelocks by cycle are replayed but not judged.
 */
export function reproduce(bound: Bound, charts: Charts, violation: Violation<Step>, options: CheckOptions = {}): string | undefined {
  const system = new ComposedSystem(protocolV2(bound, charts));
  const delivers = options.judgeAsDelivering === true || (bound.losses === 0 && (bound.replays ?? 0) === 0);
  const { configurations } = replay(system, violation.steps);
  const final = configurations[configurations.length - 1]!;
  if (violation.invariant === LIVELOCK) return violation.message;
  if (violation.invariant === DEADLOCK) {
    return system.successors(final).length === 0 && !system.isQuiescent(final) ? violation.message : undefined;
  }
  const invariant = protocolV2Invariants(system, { delivers, strictGlare: options.strictGlare === true }, composedCalls(bound)).find((candidate) => candidate.name === violation.invariant);
  if (!invariant) throw new Error(`no invariant named ${violation.invariant}`);
  const last = violation.steps[violation.steps.length - 1];
  const before = configurations[configurations.length - 2];
  return (
    (last !== undefined && before !== undefined ? invariant.step?.(before, last, final) : undefined) ??
    invariant.state?.(final, system.isQuiescent(final))
  );
}

/** A violation as text: the invariant, what went wrong, and the run as a sequence diagram. */
export function describeViolations(report: CheckReport): string {
  return report.violations
    .map((violation) => {
      const { diagram } = replay(report.system, violation.steps);
      const cycle = violation.cycleLength === undefined ? '' : ` (the last ${violation.cycleLength} steps repeat)`;
      return `✗ ${violation.invariant}: ${violation.message}${cycle}\n  ${violation.steps.length} steps:\n${diagram}`;
    })
    .join('\n\n');
}

/** One line of figures, for logs and docs. */
export function summary(report: CheckReport): string {
  return (
    `${report.bound.name}: ${report.configurations} configurations, ${report.transitions} transitions, ` +
    `${report.quiescent} at rest, depth ${report.depth}, ${report.violations.length} violations, ` +
    `${Math.round(report.milliseconds)} ms wall, ${Math.round(report.cpuMilliseconds)} ms CPU`
  );
}
