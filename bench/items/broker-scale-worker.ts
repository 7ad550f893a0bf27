/**
 * One kit process of item 4: hosts every user whose index ≡ workerIndex
 * (mod workers), places its share of invitations to random users anywhere,
 * answers the invitations its users receive as the invitation's plan says,
 * and reports every outcome it saw.
 *
 * Two users of 1,000 sometimes call each other at once (glare, about once per
 * 10,000 invitations with 100 in flight). The kit then ends the losing
 * invitation on both sides with the reason `replaced`, and a callee that
 * noticed the crossing never shows the loser to its app (docs/protocol.md,
 * "Glare"): the app's callbacks alone would count it as lost. So the callee's
 * outcome is also taken from the chart itself for the invitations the app was
 * never shown, through the hook the kit offers its extensions (`adopted`, as
 * call-invitation/persistence uses it): unlike the `inspect` option, it costs
 * nothing per event (with `inspect`, about 5% fewer invitations per second).
 */
import type { AnyActorRef, InspectionEvent } from 'xstate';
import type { Transport } from '../../adapters/transport.js';
import { createCallKit, type CallKit } from '../../index.js';
import type { LocalInvitationActor } from '../../kit/local-invitation.js';
import type { RemoteInvitationActor } from '../../kit/remote-invitation.js';
import { remoteInvitationMachine } from '../../machines/index.js';
import type { RemoteInvitationEmitted } from '../../machines/remote-invitation.types.js';
import type {
  InvitationTrace,
  Outcome,
  Plan,
  ScaleWorkerParameters,
  CoordinatorToWorker,
  WorkerToCoordinator,
} from '../lib/scale-protocol.js';
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

/** With `trace`: everything this process saw of each invitation, by invitation id. */
const traces = new Map<string, { messages: Array<[number, string, string]>; charts: Record<string, string[]>; callbacks: string[] }>();
const traceStartedAt = wallClockMs();

function traceOf(id: string) {
  let trace = traces.get(id);
  if (!trace) {
    trace = { messages: [], charts: {}, callbacks: [] };
    traces.set(id, trace);
  }
  return trace;
}

function noteFrame(direction: string, data: string): void {
  const { id } = JSON.parse(data) as { id: string };
  traceOf(id).messages.push([Math.round((wallClockMs() - traceStartedAt) * 1000) / 1000, direction, data]);
}

/** Records every frame the kit sends and receives. */
function tracedTransport(transport: Transport): Transport {
  const me = transport.localId;
  return {
    localId: me,
    send(peerId, data) {
      noteFrame(`${me} → ${peerId}`, data);
      return transport.send(peerId, data);
    },
    onMessage: (handler) =>
      transport.onMessage((from, data) => {
        noteFrame(`${me} ← ${from}`, data);
        handler(from, data);
      }),
    close: () => transport.close(),
  };
}

/** Records the state values every chart goes through (actor ids end with `:<invitation id>`). */
function inspectCharts(event: InspectionEvent): void {
  if (event.type !== '@xstate.snapshot') return;
  const actorId = (event.actorRef as AnyActorRef).id;
  const id = actorId.slice(actorId.lastIndexOf(':') + 1);
  const snapshot = event.snapshot as { value?: unknown; status?: string };
  const state = `${JSON.stringify(snapshot.value)} (${String(snapshot.status)})`;
  const states = (traceOf(id).charts[actorId] ??= []);
  if (states.at(-1) !== state) states.push(state);
}

/** A chart's emitted event as an outcome and its reason, or undefined when it is not an ending. */
function endingOf(emitted: RemoteInvitationEmitted): readonly [Outcome, string] | undefined {
  switch (emitted.type) {
    case 'accepted':
      return ['accepted', ''];
    case 'refused':
      return ['refused', emitted.reason];
    case 'canceled':
      return ['canceled', emitted.reason];
    case 'failure':
      return ['failed', emitted.reason];
    default:
      return undefined;
  }
}

function noteCallback(id: string, line: string): void {
  if (parameters.trace) traceOf(id).callbacks.push(`${Math.round((wallClockMs() - traceStartedAt) * 1000) / 1000} ${line}`);
}

async function main(): Promise<void> {
  const factory = await createTransportFactory(parameters.broker, parameters.prefix);
  const random = createRandom(parameters.seed + parameters.workerIndex);
  const kits: CallKit[] = [];
  const callerOutcomes: Array<readonly [string, Outcome]> = [];
  const calleeOutcomes: Array<readonly [string, Outcome]> = [];
  const callerAcceptedMs: number[] = [];
  const calleeAcceptedMs: number[] = [];
  let lastCallerEndAt = 0;
  /** Callers' keys of the invitations whose caller ended with the reason `replaced` (glare). */
  const replacedForCaller: string[] = [];
  /** The invitations the kit handed to the app (`remoteInvitationReceived`). */
  const shownToCalleeApp = new Set<string>();
  /** How every callee chart ended, as the chart emitted it, whether or not the app was shown the invitation. */
  const calleeChartEndings = new Map<string, readonly [Outcome, string]>();
  /** The callee chart endings of the invitations the app was never shown. */
  const unseenCalleeEndings = () => [...calleeChartEndings].filter(([key]) => !shownToCalleeApp.has(key));

  /** Follows every callee chart the kit creates, shown to the app or not. */
  const watchCalleeCharts = () => ({
    methods: {},
    adopted(actor: LocalInvitationActor | RemoteInvitationActor) {
      if (actor.logic !== remoteInvitationMachine) return;
      const callee = actor as RemoteInvitationActor;
      callee.on('*', (emitted) => {
        const ending = endingOf(emitted);
        if (!ending) return;
        const { id, callerId } = callee.getSnapshot().context;
        calleeChartEndings.set(`${callerId}/${id}`, ending);
      });
    },
  });

  for (let index = parameters.workerIndex; index < parameters.users; index += parameters.workers) {
    const userId = userName(index);
    const transport = await factory.connect(userId);
    const kit = parameters.trace
      ? createCallKit({ userId, transport: tracedTransport(transport), inspect: inspectCharts }, watchCalleeCharts)
      : createCallKit({ userId, transport }, watchCalleeCharts);
    kit.on('remoteInvitationReceived', (invitation) => {
      shownToCalleeApp.add(`${invitation.callerId}/${invitation.id}`);
      const { plan } = JSON.parse(invitation.content) as { plan: Plan };
      noteCallback(invitation.id, `callee ${userId}: remoteInvitationReceived (plan ${plan})`);
      const record = (outcome: Outcome) => {
        noteCallback(invitation.id, `callee ${userId}: ${outcome}`);
        calleeOutcomes.push([`${invitation.callerId}/${invitation.id}`, outcome]);
      };
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
      const end = (outcome: Outcome, reason = '') => {
        noteCallback(invitation.id, `caller ${kit.userId}: ${outcome}${reason ? ` (${reason})` : ''} (plan ${plan})`);
        callerOutcomes.push([key, outcome]);
        if (reason === 'replaced') replacedForCaller.push(key);
        lastCallerEndAt = wallClockMs();
        inFlight--;
        placeNext();
      };
      invitation.on('receivedByPeer', () => {
        noteCallback(invitation.id, `caller ${kit.userId}: receivedByPeer`);
        if (plan === 'cancel') invitation.cancel();
      });
      invitation.on('accepted', (response) => {
        callerAcceptedMs.push(wallClockMs() - Number(response));
        end('accepted');
      });
      invitation.on('refused', (_response, reason) => end('refused', reason));
      invitation.on('canceled', () => end('canceled', invitation.cancelReason));
      invitation.on('failure', () => end('failed'));
      placed++;
      inFlight++;
      invitation.send();
    }
  }

  const progressTimer = setInterval(
    () =>
      tell({
        type: 'progress',
        callerEnded: callerOutcomes.length,
        calleeEnded: calleeOutcomes.length + unseenCalleeEndings().length,
        lastCallerEndAt,
      }),
    100,
  );

  process.on('message', (message: CoordinatorToWorker) => {
    if (message.type === 'start') placeNext();
    else if (message.type === 'report') {
      const dropped = kits.reduce(
        (sum, kit) => sum + Object.values(kit.stats().dropped).reduce((total, count) => total + (count ?? 0), 0),
        0,
      );
      tell({
        type: 'report',
        callerOutcomes,
        calleeOutcomes,
        unseenCalleeEndings: unseenCalleeEndings(),
        replacedForCaller,
        callerAcceptedMs,
        calleeAcceptedMs,
        dropped,
      });
    } else if (message.type === 'trace') {
      // With each invitation asked for, any invitation between the same two users the other way (glare).
      const pairs = new Set(
        message.ids.flatMap((id) => Object.keys(traces.get(id)?.charts ?? {}).map((actorId) => actorId.slice(0, actorId.lastIndexOf(':')))),
      );
      const reversed = (pair: string) => pair.replace(/^invitation:(.*)→(.*)$/, 'invitation:$2→$1');
      const crossing = [...traces].filter(([, trace]) =>
        Object.keys(trace.charts).some((actorId) => pairs.has(reversed(actorId.slice(0, actorId.lastIndexOf(':'))))),
      );
      const found = [...new Set([...message.ids.filter((id) => traces.has(id)), ...crossing.map(([id]) => id)])].map(
        (id) => [id, { workerIndex: parameters.workerIndex, ...traces.get(id)! }] as const,
      );
      tell({ type: 'trace', traces: found });
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
