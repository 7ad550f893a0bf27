/**
 * Measures what docs/security.md reports: attacks on a kit and on the relay,
 * and what legitimate users still get during them. Real time and real
 * sockets on 127.0.0.1 only; every loop is bounded and the run ends by
 * itself (about a minute). Not part of `npm test`: it measures, the tests assert.
 *
 *   npm run measure:abuse   (node --expose-gc scripts/run-ts.mjs scripts/measure-abuse.ts)
 */
import os from 'node:os';
import WebSocket from 'ws';
import { createMemoryNetwork } from '../adapters/memory.js';
import type { Transport } from '../adapters/transport.js';
import { connectWebSocketTransport } from '../adapters/websocket/index.js';
import { createRelayServer, type RelayServer, type RelayServerOptions } from '../adapters/websocket-server/index.js';
import { createCallKit, type CallKit, type CallKitOptions, type InvitationTimeouts } from '../index.js';
import { encodeMessage } from '../protocol/codec.js';
import { floodWithInvites } from '../test/adapters/invite-flooder.js';

const timeouts: Partial<InvitationTimeouts> = { acknowledgeMs: 2000, answerMs: 5000, confirmMs: 1000, resendMs: 250, lingerMs: 1000 };
const windowMs = (timeouts.answerMs ?? 0) + (timeouts.lingerMs ?? 0);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function heapMiB(): string {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with node --expose-gc');
  collect();
  collect();
  const { heapUsed, rss } = process.memoryUsage();
  return `heap ${(heapUsed / 2 ** 20).toFixed(1)} MiB, rss ${(rss / 2 ** 20).toFixed(0)} MiB`;
}

interface CallFigures {
  attempted: number;
  connected: number;
  slowestMs: number;
  /** When each call started (performance.now()) and whether it connected. */
  calls: Array<{ startedAt: number; connected: boolean }>;
}

/** Alice calls bob every `everyMs` until `untilMs` from now; bob accepts alice. Counts the calls that connected. */
async function callRepeatedly(alice: CallKit, untilMs: number, everyMs = 500): Promise<CallFigures> {
  const endAt = performance.now() + untilMs;
  let attempted = 0;
  let connected = 0;
  let slowestMs = 0;
  const calls: CallFigures['calls'] = [];
  while (performance.now() < endAt) {
    attempted++;
    const startedAt = performance.now();
    const invitation = alice.createLocalInvitation('bob');
    const accepted = await new Promise<boolean>((resolve) => {
      invitation.on('accepted', () => resolve(true));
      invitation.on('refused', () => resolve(false));
      invitation.on('failure', () => resolve(false));
      invitation.send();
    });
    calls.push({ startedAt, connected: accepted });
    if (accepted) {
      connected++;
      slowestMs = Math.max(slowestMs, performance.now() - startedAt);
    }
    await sleep(everyMs);
  }
  return { attempted, connected, slowestMs: Math.round(slowestMs), calls };
}

function acceptAlice(bob: CallKit): void {
  bob.on('remoteInvitationReceived', (invitation) => {
    if (invitation.callerId === 'alice') invitation.accept('hello');
  });
}

async function memoryNetworkFlood(label: string, bobOptions: Partial<CallKitOptions>, windowMs: number): Promise<void> {
  const network = createMemoryNetwork();
  const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts });
  const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), timeouts, ...bobOptions });
  acceptAlice(bob);
  const mallory: Transport = network.connect('mallory');
  let sent = 0;
  let mostHeld = 0;
  let fullAt = Infinity;
  const total = bobOptions.maxIncomingInvitations ?? 10_000;
  const startedAt = performance.now();
  const flooding = (async () => {
    const endAt = performance.now() + windowMs;
    while (performance.now() < endAt) {
      for (let batch = 0; batch < 500; batch++, sent++) {
        void mallory.send('bob', encodeMessage({ type: 'invite', id: `flood-${sent}`, device: 'mallory-phone', content: '', channelId: '' }));
      }
      mostHeld = Math.max(mostHeld, bob.stats().liveRemoteInvitations);
      if (mostHeld >= total && fullAt === Infinity) fullAt = performance.now();
      await sleep(0);
    }
  })();
  const calls = await callRepeatedly(alice, windowMs - 500);
  await flooding;
  const memory = heapMiB();
  const afterFull = calls.calls.filter((call) => call.startedAt >= fullAt);
  const full =
    fullAt === Infinity
      ? 'the total bound was never reached'
      : `the total bound was reached after ${Math.round(fullAt - startedAt)} ms, calls started after that connected ${afterFull.filter((call) => call.connected).length}/${afterFull.length}`;
  console.log(
    `memory network, ${label}: mallory sent ${sent} invites in ${windowMs} ms; bob held at most ${mostHeld}; ${full};` +
      ` dropped ${JSON.stringify(bob.stats().dropped)}; alice connected ${calls.connected}/${calls.attempted} (slowest ${calls.slowestMs} ms); ${memory}`,
  );
  await Promise.all([alice.close(), bob.close(), mallory.close()]);
}

function userFromQuery(request: { url?: string }): string | null {
  return new URL(request.url ?? '/', 'http://relay').searchParams.get('user');
}

const urlOf = (relay: RelayServer, userId: string) => `ws://127.0.0.1:${relay.port}/?user=${userId}`;

async function relayScene(options: Partial<RelayServerOptions> = {}) {
  const relay = await createRelayServer({ authenticate: userFromQuery, ...options });
  const connect = async (userId: string) =>
    createCallKit({ userId, transport: await connectWebSocketTransport({ url: urlOf(relay, userId), WebSocket }), timeouts });
  const [alice, bob] = await Promise.all([connect('alice'), connect('bob')]);
  acceptAlice(bob);
  return {
    relay,
    alice,
    bob,
    async close() {
      await Promise.all([alice.close(), bob.close()]);
      await relay.close();
    },
  };
}

async function openWelcomed(relay: RelayServer, userId: string): Promise<WebSocket> {
  const socket = new WebSocket(urlOf(relay, userId));
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('message', () => resolve()));
  return socket;
}

async function hostileFrames(): Promise<void> {
  const scene = await relayScene();
  const before = heapMiB();
  const kinds: Record<string, () => string | Buffer> = {
    oversized: () => JSON.stringify({ type: 'send', id: 1, to: 'bob', data: 'x'.repeat(200 * 1024) }),
    binary: () => Buffer.from(JSON.stringify({ type: 'send', id: 1, to: 'bob', data: 'x' })),
    'non-JSON': () => '{"type":"send",',
  };
  const closes: Record<string, number> = {};
  const perKind = 100;
  const calling = callRepeatedly(scene.alice, 3000, 250);
  for (const [kind, frame] of Object.entries(kinds)) {
    for (let index = 0; index < perKind; index++) {
      const socket = await openWelcomed(scene.relay, `mallory-${index}`);
      const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
      socket.send(frame());
      const code = await closed;
      closes[`${kind} → ${code}`] = (closes[`${kind} → ${code}`] ?? 0) + 1;
    }
  }
  const calls = await calling;
  console.log(
    `relay, hostile frames (${perKind} connections per kind): closes ${JSON.stringify(closes)}; relay stats ${JSON.stringify(scene.relay.stats())};` +
      ` alice connected ${calls.connected}/${calls.attempted}; before ${before}; after ${heapMiB()}`,
  );
  await scene.close();
}

async function connectionChurn(): Promise<void> {
  const scene = await relayScene();
  const before = heapMiB();
  const calling = callRepeatedly(scene.alice, 3000, 250);
  const startedAt = performance.now();
  const closing: Array<Promise<void>> = [];
  for (let index = 0; index < 1000; index++) {
    const socket = new WebSocket(urlOf(scene.relay, `churn-${index}`));
    socket.on('error', () => {});
    if (index % 2 === 0) setImmediate(() => socket.terminate());
    else socket.once('message', () => socket.terminate());
    closing.push(new Promise((resolve) => socket.once('close', () => resolve())));
  }
  await Promise.all(closing);
  const churnMs = Math.round(performance.now() - startedAt);
  const calls = await calling;
  await sleep(200);
  const stillConnected = Array.from({ length: 1000 }, (_, index) => scene.relay.isConnected(`churn-${index}`)).filter(Boolean).length;
  console.log(
    `relay, 1,000 connections opened and dropped in ${churnMs} ms: still connected ${stillConnected};` +
      ` alice connected ${calls.connected}/${calls.attempted} (slowest ${calls.slowestMs} ms); before ${before}; after ${heapMiB()}`,
  );
  await scene.close();
}

async function slowConsumer(): Promise<void> {
  const scene = await relayScene({ maxFramesPerSecond: Infinity });
  const before = heapMiB();
  const sink = await openWelcomed(scene.relay, 'sink');
  sink.pause();
  const pusher = await openWelcomed(scene.relay, 'pusher');
  let answers = 0;
  pusher.on('message', () => answers++);
  const chunk = 'x'.repeat(60 * 1024);
  let id = 0;
  let peakHeap = 0;
  while (scene.relay.isConnected('sink') && id < 4000) {
    const batchEnd = id + 20;
    for (; id < batchEnd; id++) pusher.send(JSON.stringify({ type: 'send', id, to: 'sink', data: chunk }));
    while (answers < id) await sleep(1);
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const calls = await callRepeatedly(scene.alice, 1000, 250);
  console.log(
    `relay, slow consumer (never reads): dropped after ${id} frames of 60 KiB (${((id * 60) / 1024).toFixed(1)} MiB pushed);` +
      ` relay stats ${JSON.stringify(scene.relay.stats())}; peak heap ${(peakHeap / 2 ** 20).toFixed(1)} MiB;` +
      ` alice connected ${calls.connected}/${calls.attempted}; before ${before}; after ${heapMiB()}`,
  );
  sink.terminate();
  pusher.terminate();
  await scene.close();
}

async function relayInviteFlood(label: string, options: Partial<RelayServerOptions>): Promise<void> {
  const scene = await relayScene(options);
  const before = heapMiB();
  const flood = floodWithInvites({ url: urlOf(scene.relay, 'mallory'), to: 'bob', durationMs: windowMs });
  const calls = await callRepeatedly(scene.alice, windowMs - 500);
  const attacker = await flood;
  console.log(
    `relay, invite flood for ${windowMs} ms, ${label}: mallory handed its socket ${attacker.sent} frames, got ${attacker.received} back;` +
      ` relay stats ${JSON.stringify(scene.relay.stats())}; bob dropped ${JSON.stringify(scene.bob.stats().dropped)};` +
      ` alice connected ${calls.connected}/${calls.attempted} (slowest ${calls.slowestMs} ms); before ${before}; after ${heapMiB()}`,
  );
  await scene.close();
}

console.log(`timeouts ${JSON.stringify(timeouts)}; node ${process.version}; load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
await memoryNetworkFlood('default bounds', {}, windowMs);
// Filling 10,000 takes this machine a few seconds: a longer window (calls still expire after answerMs) shows the lockout after.
await memoryNetworkFlood(
  'one bound for everyone (as before: per caller = total, no rate)',
  { maxIncomingInvitationsPerCaller: 10_000, maxInvitesPerCallerPerSecond: Infinity, timeouts: { ...timeouts, answerMs: 15_000 } },
  16_000,
);
await hostileFrames();
await connectionChurn();
await slowConsumer();
await relayInviteFlood('relay default bounds', {});
await relayInviteFlood('relay rate bound off (kit bounds only)', { maxFramesPerSecond: Infinity });
