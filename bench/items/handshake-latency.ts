/**
 * Item 3: time from the callee's `accept()` to the caller's `accepted` and to
 * the callee's own `accepted`, against the raw round trip of the same
 * transport. Raw pings and handshakes alternate, one at a time, so both see
 * the same broker and the same machine load.
 */
import { createCallKit } from '../../index.js';
import type { Transport } from '../../adapters/transport.js';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { percentile, round, spread, type Spread } from '../lib/statistics.js';
import { createTransportFactory, type TransportName } from '../lib/transports.js';

const parameters = itemParameters({ transport: 'redis' as TransportName, samples: 400, warmup: 40 });

export interface Percentiles {
  readonly p50: number;
  readonly p99: number;
}

export interface HandshakeLatencyResult {
  readonly transport: TransportName;
  readonly samples: number;
  /** Raw round trip (A → B → A) of the transport, milliseconds. */
  readonly roundTripMs: Percentiles;
  /** accept() → caller's `accepted`; the protocol's minimum is half a round trip. */
  readonly callerAcceptedMs: Percentiles;
  /** accept() → callee's `accepted`; the protocol's minimum is one round trip. */
  readonly calleeAcceptedMs: Percentiles;
  /** Measured over minimum, per percentile; the target is at most 1.2. */
  readonly callerOverMinimum: Percentiles;
  readonly calleeOverMinimum: Percentiles;
  /** Median with its 95% bootstrap confidence interval and range, milliseconds. */
  readonly spread: { readonly roundTrip: Spread; readonly caller: Spread; readonly callee: Spread };
}

function percentiles(samples: readonly number[]): Percentiles {
  return { p50: round(percentile(samples, 50), 4), p99: round(percentile(samples, 99), 4) };
}

function roundTrip(pinger: Transport, echoId: string, replies: Map<string, () => void>, sequence: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const token = `ping-${sequence}`;
    const startedAt = performance.now();
    replies.set(token, () => resolve(performance.now() - startedAt));
    pinger.send(echoId, token).catch(reject);
  });
}

runAsItem(async (): Promise<HandshakeLatencyResult> => {
  const factory = await createTransportFactory(parameters.transport);
  const [pinger, echo, callerTransport, calleeTransport] = await Promise.all([
    factory.connect('pinger'),
    factory.connect('echo'),
    factory.connect('alice'),
    factory.connect('bob'),
  ]);
  echo.onMessage((from, data) => void echo.send(from, data));
  const replies = new Map<string, () => void>();
  pinger.onMessage((_from, data) => {
    replies.get(data)?.();
    replies.delete(data);
  });

  const caller = createCallKit({ userId: 'alice', transport: callerTransport });
  // Handshakes follow one another from the same caller faster than a stranger may invite: lift that bound.
  const callee = createCallKit({
    userId: 'bob',
    transport: calleeTransport,
    maxIncomingInvitationsPerCaller: 10_000,
    maxInvitesPerCallerPerSecond: Infinity,
  });
  // The callee answers as soon as the invitation rings; timestamps are taken around accept() itself.
  let onRinging: (acceptedAt: number, calleeAccepted: Promise<number>) => void = () => {};
  callee.on('remoteInvitationReceived', (invitation) => {
    const calleeAccepted = new Promise<number>((resolve) => invitation.on('accepted', () => resolve(performance.now())));
    const acceptedAt = performance.now();
    invitation.accept('ok');
    onRinging(acceptedAt, calleeAccepted);
  });

  async function handshake(): Promise<{ caller: number; callee: number }> {
    const invitation = caller.createLocalInvitation('bob');
    const callerAccepted = new Promise<number>((resolve) => invitation.on('accepted', () => resolve(performance.now())));
    const ringing = new Promise<{ acceptedAt: number; calleeAccepted: Promise<number> }>((resolve) => {
      onRinging = (acceptedAt, calleeAccepted) => resolve({ acceptedAt, calleeAccepted });
    });
    invitation.send();
    const { acceptedAt, calleeAccepted } = await ringing;
    const [callerAt, calleeAt] = await Promise.all([callerAccepted, calleeAccepted]);
    return { caller: callerAt - acceptedAt, callee: calleeAt - acceptedAt };
  }

  const roundTrips: number[] = [];
  const callerTimes: number[] = [];
  const calleeTimes: number[] = [];
  for (let index = 0; index < parameters.warmup + parameters.samples; index++) {
    const rtt = await roundTrip(pinger, 'echo', replies, index);
    const times = await handshake();
    if (index < parameters.warmup) continue;
    roundTrips.push(rtt);
    callerTimes.push(times.caller);
    calleeTimes.push(times.callee);
  }

  await Promise.all([caller.close(), callee.close(), pinger.close(), echo.close()]);
  await factory.dispose();

  const roundTripMs = percentiles(roundTrips);
  const callerAcceptedMs = percentiles(callerTimes);
  const calleeAcceptedMs = percentiles(calleeTimes);
  const result: HandshakeLatencyResult = {
    transport: parameters.transport,
    samples: parameters.samples,
    roundTripMs,
    callerAcceptedMs,
    calleeAcceptedMs,
    callerOverMinimum: {
      p50: round(callerAcceptedMs.p50 / (roundTripMs.p50 / 2)),
      p99: round(callerAcceptedMs.p99 / (roundTripMs.p99 / 2)),
    },
    calleeOverMinimum: {
      p50: round(calleeAcceptedMs.p50 / roundTripMs.p50),
      p99: round(calleeAcceptedMs.p99 / roundTripMs.p99),
    },
    spread: { roundTrip: spread(roundTrips, 4), caller: spread(callerTimes, 4), callee: spread(calleeTimes, 4) },
  };
  progress(
    `${parameters.transport}: rtt p50 ${roundTripMs.p50} ms, caller ${callerAcceptedMs.p50} ms (${result.callerOverMinimum.p50}×), ` +
      `callee ${calleeAcceptedMs.p50} ms (${result.calleeOverMinimum.p50}×)`,
  );
  return result;
});
