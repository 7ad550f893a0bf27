/**
 * The whole-system properties, one per invariant, each parameterised by the
 * charts it runs so that mutants.test.ts can run the very same property
 * against a deliberately broken chart.
 */
import fc from 'fast-check';
import type { ChartsUnderTest, Outcome } from './harness/world.js';
import { runScenario } from './harness/world.js';
import {
  checkAgreement,
  checkLossyAgreement,
  checkOneEnding,
  checkPayloadFidelity,
  checkResources,
  checkTermination,
  observableCall,
} from './invariants.js';
import { racePlanArbitrary, scenarioArbitrary } from './scenario-arbitraries.js';
import { runRace } from './harness/race.js';
import type { CallPlan } from './harness/scenario.js';

export function failOn(violations: readonly string[]): void {
  if (violations.length > 0) throw new Error(`invariant violated:\n  ${violations.join('\n  ')}`);
}

async function holds(
  charts: ChartsUnderTest,
  scenario: Parameters<typeof runScenario>[0],
  check: (outcome: Outcome) => string[],
): Promise<void> {
  failOn(check(await runScenario(scenario, charts)));
}

/** Invariant 1, under every fault the network can inject. */
export function terminationProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'hostile' }), (scenario) =>
    holds(charts, scenario, checkTermination),
  );
}

/** Invariant 2 under every fault (orders the chart allows whatever the network does). */
export function oneEndingProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'hostile' }), (scenario) =>
    holds(charts, scenario, (outcome) => checkOneEnding(outcome, { networkDelivers: false })),
  );
}

/** Invariant 2 on a delivering network, where the cancel order is promised too. */
export function deliveredOrderProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'delivering' }), (scenario) =>
    holds(charts, scenario, (outcome) => checkOneEnding(outcome, { networkDelivers: true })),
  );
}

/** Invariant 3 on a delivering network. */
export function agreementProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'delivering' }), (scenario) =>
    holds(charts, scenario, checkAgreement),
  );
}

/** Invariant 3 under loss: only the permitted disagreement. */
export function lossyAgreementProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'lossy' }), (scenario) =>
    holds(charts, scenario, checkLossyAgreement),
  );
}

/** Invariant 5, transfer part: short payloads in any script arrive exactly. */
export function payloadTransferProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'delivering' }), (scenario) =>
    holds(charts, scenario, checkPayloadFidelity),
  );
}

/** True when `other` goes the opposite way between the same two users as `plan`: the two may glare. */
function crosses(plan: CallPlan, other: CallPlan): boolean {
  return plan.callee === other.callerIndex && other.callee === plan.callerIndex && plan.callee !== plan.callerIndex;
}

/**
 * Invariant 6: each call of a crowd looks to both apps exactly as it does when
 * run alone. The network has one fixed delay, so a call's own messages take
 * the same time in both runs and any difference comes from the others. The
 * one deliberate exception is glare (invariant 9): a call that crosses another
 * call between the same two users may be replaced by it, so it is not compared.
 */
export function isolationProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'steady', maxCalls: 5 }), async (scenario) => {
    const crowd = await runScenario(scenario, charts);
    const violations: string[] = [];
    for (const [index, plan] of scenario.calls.entries()) {
      if (scenario.calls.some((other) => crosses(plan, other))) continue;
      const alone = await runScenario({ ...scenario, calls: [plan] }, charts);
      const inCrowd = crowd.calls.find((call) => call.planIndex === index);
      const single = alone.calls[0];
      if (!inCrowd || !single) {
        violations.push(`call #${index} missing`);
        continue;
      }
      const crowdView = observableCall(crowd, inCrowd);
      const aloneView = observableCall(alone, single);
      if (crowdView !== aloneView) violations.push(`call #${index}\n    alone: ${aloneView}\n    crowd: ${crowdView}`);
    }
    failOn(violations);
  });
}

/** Invariant 8 after calls that run out, under every fault. */
export function resourcesProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'hostile' }), (scenario) =>
    holds(charts, scenario, checkResources),
  );
}

/** Invariant 8 when the kits close in the middle of things: no timer at all is left. */
export function closeMidwayProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(scenarioArbitrary({ faults: 'hostile', closeEarly: true }), (scenario) =>
    holds(charts, scenario, (outcome) => [
      ...checkResources(outcome),
      ...checkOneEnding(outcome, { networkDelivers: false }),
    ]),
  );
}

/**
 * Invariants 1–3 over every interleaving fast-check's scheduler picks of
 * cancel, accept, refuse, deliveries, re-sends and expiries, on a network
 * that delays each copy by less than half the confirmation timeout.
 */
export function racesProperty(charts: ChartsUnderTest = {}) {
  return fc.asyncProperty(fc.scheduler(), racePlanArbitrary(), async (scheduler, plan) => {
    const outcome = await runRace(scheduler, plan, charts);
    failOn([
      ...checkTermination(outcome),
      ...checkOneEnding(outcome, { networkDelivers: true }),
      ...checkAgreement(outcome),
      ...checkResources(outcome),
    ]);
  });
}
