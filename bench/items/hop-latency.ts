/**
 * Item 3, inside one hop: where the time goes between a frame arriving at the
 * caller's transport and the caller's answer leaving it. The hop measured is
 * the caller receiving the callee's `accept`: transport receive → decode and
 * route → `actor.send(PEER_ACCEPTED)` → the chart's `sendConfirmation` →
 * `transmit` emitted → encode → `transport.send(confirm)`, then the app's
 * `accepted` callback on its microtask.
 *
 * Two callers share one callee and alternate, one handshake at a time: `alice`
 * runs with an `inspect` observer that timestamps XState's inspection events
 * and a `transmit` listener on its invitation's actor (the stage breakdown),
 * `carol` without them (the hop as shipped; only the
 * transport wrapper's timestamps). The wrapper around each caller's transport
 * timestamps the frame handed to the kit and the kit's `send`. Every stage is
 * reported in µs as p50 and p90 over the samples.
 */
import type { InspectionEvent } from 'xstate';
import type { Transport } from '../../adapters/transport.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { createCallKit, type CallKit } from '../../index.js';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { percentile, round } from '../lib/statistics.js';
import { createTransportFactory, type TransportName } from '../lib/transports.js';

const parameters = itemParameters({ transport: 'memory' as TransportName | 'memory', samples: 400, warmup: 50 });

/** p50 and p90 of one stage, in microseconds. */
export interface StageMicroseconds {
  readonly p50: number;
  readonly p90: number;
}

export const HOP_STAGES = [
  'decodeAndRoute',
  'transition',
  'toEmit',
  'encode',
  'transportSend',
  'restOfMacrostep',
  'handlerReturn',
  'toAppCallback',
] as const;
export type HopStage = (typeof HOP_STAGES)[number];

export interface HopLatencyResult {
  readonly transport: TransportName | 'memory';
  readonly samples: number;
  /** With inspection: each stage of the hop. */
  readonly stages: Readonly<Record<HopStage, StageMicroseconds>>;
  /** With inspection: frame received → `transport.send` of the answer. */
  readonly inspectedReceiveToSend: StageMicroseconds;
  /** As shipped (no inspection): frame received → `transport.send` of the answer; what the kit adds to the hop. */
  readonly receiveToSend: StageMicroseconds;
  /** As shipped: frame received → the app's `accepted` callback. */
  readonly receiveToAppCallback: StageMicroseconds;
}

interface Stamps {
  receive: number;
  actorSend: number;
  action: number;
  emitted: number;
  send: number;
  sendReturned: number;
  snapshot: number;
  handlerReturned: number;
  appCallback: number;
}

const blank = (): Stamps => ({
  receive: NaN,
  actorSend: NaN,
  action: NaN,
  emitted: NaN,
  send: NaN,
  sendReturned: NaN,
  snapshot: NaN,
  handlerReturned: NaN,
  appCallback: NaN,
});

/** Wraps a caller's transport: timestamps the `accept` frame handed to the kit and the kit's next send. */
function instrument(transport: Transport, stamps: () => Stamps): Transport {
  let inAcceptHop = false;
  return {
    localId: transport.localId,
    send(peerId, data) {
      const current = stamps();
      const measured = inAcceptHop && Number.isNaN(current.send);
      if (measured) current.send = performance.now();
      const pending = transport.send(peerId, data);
      if (measured) current.sendReturned = performance.now();
      return pending;
    },
    onMessage(handler) {
      return transport.onMessage((from, data) => {
        const receivedAt = performance.now();
        // Only the accept frame is measured; telling it apart happens outside the timed span.
        const isAccept = data.includes('"type":"accept"');
        if (isAccept) {
          const current = stamps();
          current.receive = receivedAt;
          inAcceptHop = true;
        }
        handler(from, data);
        if (isAccept) {
          stamps().handlerReturned = performance.now();
          inAcceptHop = false;
        }
      });
    },
    close: () => transport.close(),
  };
}

function microseconds(samples: readonly number[]): StageMicroseconds {
  return { p50: round(percentile(samples, 50) * 1000, 1), p90: round(percentile(samples, 90) * 1000, 1) };
}

runAsItem(async (): Promise<HopLatencyResult> => {
  const { transport: transportName } = parameters;
  let connect: (userId: string) => Promise<Transport>;
  let dispose: () => Promise<void> = async () => {};
  if (transportName === 'memory') {
    const network = createMemoryNetwork({ latency: { minMs: 0, maxMs: 0 } });
    connect = async (userId) => network.connect(userId);
  } else {
    const factory = await createTransportFactory(transportName);
    connect = (userId) => factory.connect(userId);
    dispose = () => factory.dispose();
  }
  let stamps = blank();
  const current = () => stamps;
  const [aliceTransport, carolTransport, bobTransport] = await Promise.all([connect('alice'), connect('carol'), connect('bob')]);

  let inspected: { actor: unknown } | undefined;
  const inspect = (event: InspectionEvent) => {
    if (!inspected || event.actorRef !== inspected.actor) return;
    if (event.type === '@xstate.event' && event.event.type === 'PEER_ACCEPTED') stamps.actorSend = performance.now();
    // Emit actions show as `xstate.emit`, named or not; after PEER_ACCEPTED the first one is `sendConfirmation`.
    else if (event.type === '@xstate.action' && event.action.type === 'xstate.emit' && !Number.isNaN(stamps.actorSend) && Number.isNaN(stamps.action)) {
      stamps.action = performance.now();
    } else if (event.type === '@xstate.snapshot' && event.event.type === 'PEER_ACCEPTED') stamps.snapshot = performance.now();
  };
  const alice = createCallKit({ userId: 'alice', transport: instrument(aliceTransport, current), inspect });
  const carol = createCallKit({ userId: 'carol', transport: instrument(carolTransport, current) });
  const bob = createCallKit({
    userId: 'bob',
    transport: bobTransport,
    maxIncomingInvitationsPerCaller: 10_000,
    maxInvitesPerCallerPerSecond: Infinity,
  });
  bob.on('remoteInvitationReceived', (invitation) => invitation.accept('ok'));

  async function handshake(caller: CallKit, withInspection: boolean): Promise<Stamps> {
    stamps = blank();
    const invitation = caller.createLocalInvitation('bob');
    inspected = withInspection ? { actor: invitation.actor } : undefined;
    // A listener for one event type runs before the kit's wildcard one: this stamps the emission itself.
    if (withInspection) {
      invitation.actor.on('transmit', ({ message }) => {
        if (message.type === 'confirm' && Number.isNaN(stamps.emitted)) stamps.emitted = performance.now();
      });
    }
    const accepted = new Promise<void>((resolve) =>
      invitation.on('accepted', () => {
        stamps.appCallback = performance.now();
        resolve();
      }),
    );
    invitation.send();
    await accepted;
    return stamps;
  }

  const inspectedSamples: Stamps[] = [];
  const plainSamples: Stamps[] = [];
  for (let index = 0; index < parameters.warmup + parameters.samples; index++) {
    const withInspection = await handshake(alice, true);
    const plain = await handshake(carol, false);
    if (index < parameters.warmup) continue;
    inspectedSamples.push(withInspection);
    plainSamples.push(plain);
  }
  await Promise.all([alice.close(), carol.close(), bob.close()]);
  await dispose();

  const stage = (from: keyof Stamps, to: keyof Stamps) => microseconds(inspectedSamples.map((sample) => sample[to] - sample[from]));
  const result: HopLatencyResult = {
    transport: transportName,
    samples: parameters.samples,
    stages: {
      decodeAndRoute: stage('receive', 'actorSend'),
      transition: stage('actorSend', 'action'),
      toEmit: stage('action', 'emitted'),
      encode: stage('emitted', 'send'),
      transportSend: stage('send', 'sendReturned'),
      restOfMacrostep: stage('sendReturned', 'snapshot'),
      handlerReturn: stage('snapshot', 'handlerReturned'),
      toAppCallback: stage('handlerReturned', 'appCallback'),
    },
    inspectedReceiveToSend: stage('receive', 'send'),
    receiveToSend: microseconds(plainSamples.map((sample) => sample.send - sample.receive)),
    receiveToAppCallback: microseconds(plainSamples.map((sample) => sample.appCallback - sample.receive)),
  };
  progress(
    `${transportName}: receive → send p50 ${result.receiveToSend.p50} µs (inspected ${result.inspectedReceiveToSend.p50} µs), ` +
      `receive → app callback p50 ${result.receiveToAppCallback.p50} µs`,
  );
  return result;
});
