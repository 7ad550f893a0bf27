/**
 * One kit process of item 4: hosts every user whose index ≡ workerIndex
 * (mod workers), places its share of invitations to random users anywhere,
 * answers the invitations its users receive as the invitation's plan says,
 * and reports every outcome it saw.
 */
import { createCallKit, type CallKit } from '../../index.js';
import type { Outcome, Plan, ScaleWorkerParameters, CoordinatorToWorker, WorkerToCoordinator } from '../lib/scale-protocol.js';
import { wallClockMs } from '../lib/scale-protocol.js';
import { createTransportFactory } from '../lib/transports.js';

const parameters = JSON.parse(process.argv[2] ?? '{}') as ScaleWorkerParameters;

function tell(message: WorkerToCoordinator): void {
  process.send?.(message);
}

/** mulberry32: the same seed gives the same plan, so runs are comparable. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), state | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

const userName = (index: number) => `user${index}`;

async function main(): Promise<void> {
  const factory = await createTransportFactory(parameters.broker, parameters.prefix);
  const random = createRandom(parameters.seed + parameters.workerIndex);
  const kits: CallKit[] = [];
  const callerOutcomes: Array<readonly [string, Outcome]> = [];
  const calleeOutcomes: Array<readonly [string, Outcome]> = [];
  const callerAcceptedMs: number[] = [];
  const calleeAcceptedMs: number[] = [];
  let lastCallerEndAt = 0;

  for (let index = parameters.workerIndex; index < parameters.users; index += parameters.workers) {
    const userId = userName(index);
    const kit = createCallKit({ userId, transport: await factory.connect(userId) });
    kit.on('remoteInvitationReceived', (invitation) => {
      const { plan } = JSON.parse(invitation.content) as { plan: Plan };
      const record = (outcome: Outcome) => calleeOutcomes.push([`${invitation.callerId}/${invitation.id}`, outcome]);
      const acceptedAt = wallClockMs();
      invitation.on('accepted', () => {
        calleeAcceptedMs.push(wallClockMs() - acceptedAt);
        record('accepted');
      });
      invitation.on('refused', () => record('refused'));
      invitation.on('canceled', () => record('canceled'));
      invitation.on('failure', () => record('failed'));
      // The accept carries its own timestamp, so the caller's process can time the first leg.
      if (plan === 'accept') invitation.accept(String(acceptedAt));
      else if (plan === 'refuse') invitation.refuse('busy');
    });
    kits.push(kit);
  }

  let placed = 0;
  let inFlight = 0;
  function placeNext(): void {
    while (placed < parameters.invitations && inFlight < parameters.inFlight) {
      const kit = kits[Math.floor(random() * kits.length)] as CallKit;
      let calleeIndex = Math.floor(random() * parameters.users);
      if (userName(calleeIndex) === kit.userId) calleeIndex = (calleeIndex + 1) % parameters.users;
      const draw = random();
      const plan: Plan = draw < 0.5 ? 'accept' : draw < 0.75 ? 'refuse' : 'cancel';
      const invitation = kit.createLocalInvitation(userName(calleeIndex), { content: JSON.stringify({ plan }) });
      const key = `${kit.userId}/${invitation.id}`;
      const end = (outcome: Outcome) => {
        callerOutcomes.push([key, outcome]);
        lastCallerEndAt = wallClockMs();
        inFlight--;
        placeNext();
      };
      invitation.on('receivedByPeer', () => {
        if (plan === 'cancel') invitation.cancel();
      });
      invitation.on('accepted', (response) => {
        callerAcceptedMs.push(wallClockMs() - Number(response));
        end('accepted');
      });
      invitation.on('refused', () => end('refused'));
      invitation.on('canceled', () => end('canceled'));
      invitation.on('failure', () => end('failed'));
      placed++;
      inFlight++;
      invitation.send();
    }
  }

  const progressTimer = setInterval(
    () => tell({ type: 'progress', callerEnded: callerOutcomes.length, calleeEnded: calleeOutcomes.length, lastCallerEndAt }),
    100,
  );

  process.on('message', (message: CoordinatorToWorker) => {
    if (message.type === 'start') placeNext();
    else if (message.type === 'report') {
      const dropped = kits.reduce(
        (sum, kit) => sum + Object.values(kit.stats().dropped).reduce((total, count) => total + (count ?? 0), 0),
        0,
      );
      tell({ type: 'report', callerOutcomes, calleeOutcomes, callerAcceptedMs, calleeAcceptedMs, dropped });
    } else if (message.type === 'close') {
      clearInterval(progressTimer);
      void Promise.all(kits.map((kit) => kit.close()))
        .then(() => factory.dispose())
        .finally(() => {
          tell({ type: 'closed' });
          setTimeout(() => process.exit(0), 50);
        });
    }
  });
  tell({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
