/**
 * Invariant 10: kills and restores. A call between alice (one device) and bob
 * (one to three devices) on a network that reaches every device of a user;
 * at random moments, including mid-handshake, one device's app is killed
 * (its kit suspended, its store frozen at the last save) and, after a random
 * time down, started again from what it had saved. Returns what each app saw
 * across its restarts, stamped with simulated time. The callers must have
 * called `vi.useFakeTimers()`.
 */
import fc from 'fast-check';
import { vi } from 'vitest';
import type { LocalInvitation, RemoteInvitation } from '../../index.js';
import { createPersistentCallKit, type PersistedCallKit, type PersistentCallKit } from '../../persistence.js';
import { createMultiDeviceNetwork } from '../support/multi-device-network.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';
import type { CallerView, DeviceAnswer, Ring } from './multi-device.js';

const timeouts = PROPERTY_TIMEOUTS;

/** One kill: device `victim` (0 is alice's, 1… bob's) dies at `atMs` and comes back `downMs` later. */
export interface Restart {
  readonly victim: number;
  readonly atMs: number;
  readonly downMs: number;
}

export interface RestartScenario {
  readonly seed: number;
  readonly maxLatencyMs: number;
  readonly duplicateRate: number;
  readonly calleeDevices: readonly DeviceAnswer[];
  readonly cancelAfterMs: number | undefined;
  readonly restarts: readonly Restart[];
}

export interface RestartOutcome {
  readonly scenario: RestartScenario;
  readonly caller: CallerView;
  /** One ring per device the invitation rang on, followed across that device's restarts. */
  readonly rings: readonly Ring[];
  /** Invitations restored, on either side. */
  readonly restoredInvitations: number;
  /** What restores left out (should stay empty: every snapshot was the kit's own). */
  readonly restoreDrops: readonly string[];
  /** Callee devices whose app called accept() and got OK. */
  readonly acceptedByApp: ReadonlySet<string>;
}

const answerArbitrary: fc.Arbitrary<DeviceAnswer> = fc.oneof(
  fc.record({ kind: fc.constantFrom('accept' as const, 'refuse' as const), afterMs: fc.integer({ min: 0, max: timeouts.answerMs + 500 }) }),
  fc.constant({ kind: 'ignore' as const }),
);

/** Scenarios on a network that delivers within half the confirmation window, with duplicates; one or two kills. */
export function restartScenarioArbitrary(): fc.Arbitrary<RestartScenario> {
  return fc
    .array(answerArbitrary, { minLength: 1, maxLength: 3 })
    .chain((calleeDevices) =>
      fc.record({
        seed: fc.integer(),
        maxLatencyMs: fc.integer({ min: 0, max: timeouts.confirmMs / 2 - 1 }),
        duplicateRate: fc.double({ min: 0, max: 0.3, noNaN: true }),
        calleeDevices: fc.constant(calleeDevices),
        cancelAfterMs: fc.option(fc.integer({ min: 0, max: timeouts.answerMs + 1_000 }), { nil: undefined }),
        restarts: fc.array(
          fc.record({
            victim: fc.integer({ min: 0, max: calleeDevices.length }),
            // Mostly early, where the handshake is; sometimes late, in the linger period.
            atMs: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: timeouts.answerMs + timeouts.lingerMs })),
            downMs: fc.oneof(fc.integer({ min: 0, max: timeouts.confirmMs }), fc.integer({ min: 0, max: timeouts.answerMs + timeouts.lingerMs })),
          }),
          { minLength: 1, maxLength: 2 },
        ),
      }),
    );
}

/** One device: its current kit, the store it saves to, and the app timers that die with it. */
interface Device {
  readonly userId: string;
  readonly deviceId: string;
  kit: PersistentCallKit | undefined;
  saved: PersistedCallKit | undefined;
  alive: boolean;
  readonly appTimers: Set<ReturnType<typeof setTimeout>>;
}

export async function runRestartCall(scenario: RestartScenario): Promise<RestartOutcome> {
  const network = createMultiDeviceNetwork({
    seed: scenario.seed,
    latency: { minMs: 0, maxMs: scenario.maxLatencyMs },
    duplicateRate: scenario.duplicateRate,
  });
  const rings = new Map<string, Ring>();
  const acceptedByApp = new Set<string>();
  const restoreDrops: string[] = [];
  let restoredInvitations = 0;
  let caller: CallerView | undefined;
  const devices: Device[] = [
    { userId: 'alice', deviceId: 'alice-0', kit: undefined, saved: undefined, alive: true, appTimers: new Set() },
    ...scenario.calleeDevices.map((_, index) => ({
      userId: 'bob',
      deviceId: `bob-${index}`,
      kit: undefined,
      saved: undefined,
      alive: true,
      appTimers: new Set<ReturnType<typeof setTimeout>>(),
    })),
  ];

  /** A timer of the app on `device`: it dies with the app. */
  const appTimer = (device: Device, ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      device.appTimers.delete(timer);
      run();
    }, ms);
    device.appTimers.add(timer);
  };

  const watchCaller = (invitation: LocalInvitation) => {
    const view: CallerView = caller ?? { invitation, endings: [] };
    caller = view;
    const record = (ending: string) => view.endings.push({ at: Date.now(), ending });
    invitation.on('accepted', () => record('accepted'));
    invitation.on('refused', (_, reason) => record(`refused(${reason})`));
    invitation.on('canceled', () => record('canceled'));
    invitation.on('failure', (reason) => record(`failure(${reason})`));
    // The handle to read the outcome from is the latest incarnation's.
    (view as { invitation: LocalInvitation }).invitation = invitation;
  };

  const watchRing = (device: Device, invitation: RemoteInvitation, answerIndex: number) => {
    const existing = rings.get(device.deviceId);
    const ring: Ring = existing ?? { deviceId: device.deviceId, invitation, rangAt: Date.now(), endings: [] };
    (ring as { invitation: RemoteInvitation }).invitation = invitation;
    rings.set(device.deviceId, ring);
    const record = (ending: string) => ring.endings.push({ at: Date.now(), ending });
    invitation.on('accepted', () => record('accepted'));
    invitation.on('refused', () => record('refused'));
    invitation.on('canceled', (reason) => record(`canceled(${reason})`));
    invitation.on('failure', (reason) => record(`failure(${reason})`));
    const answer = scenario.calleeDevices[answerIndex];
    if (!answer || answer.kind === 'ignore') return;
    // A restored app answers on its own schedule again, if the invitation still rings.
    appTimer(device, answer.afterMs, () => {
      if (answer.kind === 'refuse') invitation.refuse();
      else if (invitation.accept() === 'OK') acceptedByApp.add(device.deviceId);
    });
  };

  const start = (device: Device, index: number, restore: PersistedCallKit | undefined) => {
    device.alive = true;
    const kit = createPersistentCallKit({
      userId: device.userId,
      deviceId: device.deviceId,
      transport: network.connect(device.userId),
      timeouts,
      restore,
      persist: {
        save(snapshot) {
          // A killed app saves nothing more: what it saved last is what comes back.
          if (device.alive) device.saved = JSON.parse(JSON.stringify(snapshot)) as PersistedCallKit;
        },
      },
    });
    device.kit = kit;
    restoreDrops.push(...kit.restored.dropped);
    restoredInvitations += kit.restored.local.length + kit.restored.remote.length;
    for (const invitation of kit.restored.local) watchCaller(invitation);
    for (const invitation of kit.restored.remote) watchRing(device, invitation, index - 1);
    if (index > 0) kit.on('remoteInvitationReceived', (invitation) => watchRing(device, invitation, index - 1));
  };

  devices.forEach((device, index) => start(device, index, undefined));
  const alice = devices[0];
  if (!alice?.kit) throw new Error('no caller');
  const outgoing = alice.kit.createLocalInvitation('bob');
  watchCaller(outgoing);
  outgoing.send();
  if (scenario.cancelAfterMs !== undefined) {
    appTimer(alice, scenario.cancelAfterMs, () => caller?.invitation.cancel());
  }

  for (const restart of scenario.restarts) {
    const device = devices[restart.victim];
    if (!device) continue;
    // The test's own clock, not an app's: it survives the kill.
    setTimeout(() => {
      if (!device.alive) return;
      device.alive = false;
      for (const timer of device.appTimers) clearTimeout(timer);
      device.appTimers.clear();
      void device.kit?.suspend();
      setTimeout(() => start(device, restart.victim, device.saved), restart.downMs);
    }, restart.atMs);
  }

  const totalDownMs = scenario.restarts.reduce((sum, restart) => sum + restart.atMs + restart.downMs, 0);
  await vi.advanceTimersByTimeAsync(
    totalDownMs + timeouts.acknowledgeMs + timeouts.answerMs + 5 * timeouts.confirmMs + 2 * timeouts.lingerMs,
  );
  if (!caller) throw new Error('no caller view');
  // Copied before closing: closing ends whatever is still pending with NOT_LOGGEDIN.
  const copyOf = <T extends { readonly endings: readonly unknown[] }>(view: T): T => ({ ...view, endings: [...view.endings] });
  const outcome: RestartOutcome = {
    scenario,
    caller: copyOf(caller),
    rings: [...rings.values()].map(copyOf),
    restoredInvitations,
    restoreDrops,
    acceptedByApp,
  };
  await Promise.all(devices.map((device) => device.kit?.close()));
  vi.clearAllTimers();
  return outcome;
}

/** Each side ends exactly once across its restarts: no callback fires twice, none is lost. */
export function checkEachEndsOnce(outcome: RestartOutcome): string[] {
  const violations: string[] = [];
  const describe = (endings: readonly { ending: string }[]) => endings.map((entry) => entry.ending).join(', ');
  if (outcome.caller.endings.length !== 1) {
    violations.push(`the caller ended ${outcome.caller.endings.length} times: ${describe(outcome.caller.endings)}`);
  }
  for (const ring of outcome.rings) {
    if (ring.endings.length !== 1) violations.push(`${ring.deviceId} ended ${ring.endings.length} times: ${describe(ring.endings)}`);
  }
  return violations;
}

/**
 * No black screen: a callee device connects only if the caller connected and
 * took that very device; at most one device connects.
 */
export function checkNoOneConnectsAlone(outcome: RestartOutcome): string[] {
  const violations: string[] = [];
  const connected = outcome.rings.filter((ring) => ring.endings.some((entry) => entry.ending === 'accepted'));
  if (connected.length > 1) violations.push(`${connected.length} devices connected`);
  const callerConnected = outcome.caller.endings.some((entry) => entry.ending === 'accepted');
  for (const ring of connected) {
    if (!callerConnected) violations.push(`${ring.deviceId} connected, the caller did not`);
    else if (ring.deviceId !== outcome.caller.invitation.answeringDeviceId) {
      violations.push(`${ring.deviceId} connected, the caller took ${outcome.caller.invitation.answeringDeviceId ?? 'nothing'}`);
    }
  }
  return violations;
}
