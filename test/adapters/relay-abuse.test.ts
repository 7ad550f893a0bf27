/**
 * A hostile raw `ws` client against `createRelayServer`: what it sends is
 * refused and counted, and legitimate users keep calling each other.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { RelayServer, RelayServerOptions } from '../../adapters/websocket-server/index.js';
import { createCallKit, type CallKit, type InvitationTimeouts } from '../../index.js';
import { floodWithInvites } from './invite-flooder.js';
import { closed, connectClient, openRawSocket, relayUrl, startRelay } from './websocket-harness.js';
import { waitFor } from './waiting.js';

const relays: RelayServer[] = [];
const kits: CallKit[] = [];
const rawSockets: WebSocket[] = [];

afterEach(async () => {
  for (const socket of rawSockets.splice(0)) socket.terminate();
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
  await Promise.all(relays.splice(0).map((relay) => relay.close()));
});

async function relayWith(options: Partial<RelayServerOptions> = {}): Promise<RelayServer> {
  const relay = await startRelay(options);
  relays.push(relay);
  return relay;
}

async function rawSocket(relay: RelayServer, userId: string): Promise<WebSocket> {
  const socket = await openRawSocket(relay, userId);
  rawSockets.push(socket);
  return socket;
}

/** The relay's answers (`accepted` / `rejected`) and messages arriving on a raw socket, parsed. */
function framesOf(socket: WebSocket): Array<Record<string, unknown>> {
  const frames: Array<Record<string, unknown>> = [];
  socket.on('message', (data) => frames.push(JSON.parse(String(data)) as Record<string, unknown>));
  return frames;
}

/** Resolves with the close code the relay sent. */
function closeCode(socket: WebSocket): Promise<number> {
  return new Promise((resolve) => socket.once('close', (code) => resolve(code)));
}

const shortTimeouts: Partial<InvitationTimeouts> = { acknowledgeMs: 2000, answerMs: 3000, confirmMs: 1000, resendMs: 250, lingerMs: 500 };

async function kitOn(relay: RelayServer, userId: string): Promise<CallKit> {
  const kit = createCallKit({ userId, transport: await connectClient(relay, userId), timeouts: shortTimeouts });
  kits.push(kit);
  return kit;
}

/** Alice calls bob, who accepts alice's calls; resolves with alice's final state. */
function callAndWait(alice: CallKit): Promise<string> {
  const invitation = alice.createLocalInvitation('bob');
  return new Promise((resolve) => {
    invitation.on('accepted', () => resolve(invitation.state));
    invitation.on('refused', () => resolve(invitation.state));
    invitation.on('failure', (reason) => resolve(`${invitation.state}(${reason})`));
    invitation.send();
  });
}

async function callingPair(relay: RelayServer): Promise<{ alice: CallKit; bob: CallKit }> {
  const [alice, bob] = await Promise.all([kitOn(relay, 'alice'), kitOn(relay, 'bob')]);
  bob.on('remoteInvitationReceived', (invitation) => {
    if (invitation.callerId === 'alice') invitation.accept('hello');
  });
  return { alice, bob };
}

describe('the relay’s bounds', () => {
  it.each([
    ['a frame rate of zero', { maxFramesPerSecond: 0 }],
    ['a negative queue bound', { maxQueuedBytes: -1 }],
    ['a queue bound smaller than one frame', { maxFrameBytes: 4096, maxQueuedBytes: 1000 }],
  ])('refuses %s before listening', async (_, options) => {
    await expect(startRelay(options)).rejects.toThrow(RangeError);
  });
});

describe('the relay against frames no client sends', () => {
  it('closes a connection that sends an oversized frame (1009), counts it, and keeps routing for others', async () => {
    const relay = await relayWith({ maxFrameBytes: 4096 });
    const { alice } = await callingPair(relay);
    const mallory = await rawSocket(relay, 'mallory');
    const code = closeCode(mallory);
    mallory.send(JSON.stringify({ type: 'send', id: 1, to: 'bob', data: 'x'.repeat(10_000) }));
    expect(await code).toBe(1009);
    expect(relay.stats().oversizedFrames).toBe(1);
    expect(await callAndWait(alice)).toBe('ACCEPTED_BY_REMOTE');
  });

  it('closes a connection that sends a binary frame (1003), and counts it', async () => {
    const relay = await relayWith();
    const mallory = await rawSocket(relay, 'mallory');
    const code = closeCode(mallory);
    mallory.send(Buffer.from(JSON.stringify({ type: 'send', id: 1, to: 'bob', data: 'x' })));
    expect(await code).toBe(1003);
    expect(relay.stats().binaryFrames).toBe(1);
  });

  it.each([
    ['not JSON', '{"type":"send",'],
    ['JSON that is not a send frame', JSON.stringify({ type: 'message', from: 'alice', data: 'x' })],
    ['a send frame without a recipient', JSON.stringify({ type: 'send', id: 1, data: 'x' })],
  ])('closes a connection that sends %s (1002), and counts it', async (_, frame) => {
    const relay = await relayWith();
    const mallory = await rawSocket(relay, 'mallory');
    const code = closeCode(mallory);
    mallory.send(frame);
    expect(await code).toBe(1002);
    expect(relay.stats().malformedFrames).toBe(1);
  });
});

describe('the relay’s per-connection frame rate', () => {
  it('routes no more than the rate allows and answers the rest NOT_CONNECTED, each counted', async () => {
    const relay = await relayWith({ maxFramesPerSecond: 1 });
    const sink = await rawSocket(relay, 'sink');
    const received = framesOf(sink);
    const mallory = await rawSocket(relay, 'mallory');
    const answers = framesOf(mallory);
    for (let id = 0; id < 50; id++) mallory.send(JSON.stringify({ type: 'send', id, to: 'sink', data: `frame ${id}` }));
    await waitFor(() => answers.length === 50, 'every frame is answered');
    const accepted = answers.filter((answer) => answer.type === 'accepted').length;
    const rejected = answers.filter((answer) => answer.type === 'rejected' && answer.code === 'NOT_CONNECTED').length;
    expect(accepted + rejected).toBe(50);
    // A burst of one, plus one per second the 50 frames took to arrive: far fewer than 50 on any machine.
    expect(accepted).toBeGreaterThanOrEqual(1);
    expect(accepted).toBeLessThan(25);
    expect(relay.stats().framesOverRate).toBe(rejected);
    await waitFor(() => received.length === accepted, 'the accepted frames arrive');
    expect(received.every((frame) => frame.from === 'mallory')).toBe(true);
  });

  it('counts each connection on its own: a flooder does not use up another user’s rate', async () => {
    const relay = await relayWith({ maxFramesPerSecond: 5 });
    const { alice } = await callingPair(relay);
    const mallory = await rawSocket(relay, 'mallory');
    const answers = framesOf(mallory);
    for (let id = 0; id < 200; id++) mallory.send(JSON.stringify({ type: 'send', id, to: 'bob', data: 'noise' }));
    await waitFor(() => answers.length === 200, 'every frame is answered');
    expect(relay.stats().framesOverRate).toBeGreaterThan(150);
    expect(await callAndWait(alice)).toBe('ACCEPTED_BY_REMOTE');
  });
});

describe('the relay against a slow consumer', () => {
  it('drops a connection that does not read once its queue would pass maxQueuedBytes, and the sender hears PEER_OFFLINE', async () => {
    const maxQueuedBytes = 256 * 1024;
    const relay = await relayWith({ maxQueuedBytes, maxFramesPerSecond: Infinity });
    const sink = await rawSocket(relay, 'sink');
    // Stop reading: the kernel buffers fill, then the relay's own queue grows.
    sink.pause();
    const pusher = await rawSocket(relay, 'pusher');
    const answers = framesOf(pusher);
    const chunk = 'x'.repeat(60 * 1024);
    let id = 0;
    // Loopback buffers hold a few MiB; 4,000 frames of 60 KiB (240 MiB) is far more than they ever take.
    while (relay.isConnected('sink') && id < 4000) {
      const batchEnd = id + 20;
      for (; id < batchEnd; id++) pusher.send(JSON.stringify({ type: 'send', id, to: 'sink', data: chunk }));
      await waitFor(() => answers.length === id, 'the relay answers the batch');
    }
    expect(relay.isConnected('sink')).toBe(false);
    expect(relay.stats().slowReadersDropped).toBe(1);
    pusher.send(JSON.stringify({ type: 'send', id, to: 'sink', data: 'after' }));
    await waitFor(() => answers.length === id + 1, 'the last frame is answered');
    expect(answers.at(-1)).toEqual({ type: 'rejected', id, code: 'PEER_OFFLINE' });
  });
});

describe('the relay under connection churn', () => {
  it('holds nothing for 1,000 connections opened and dropped at once, and still connects a call', async () => {
    const relay = await relayWith();
    const { alice } = await callingPair(relay);
    const attempts: Array<Promise<void>> = [];
    for (let index = 0; index < 1000; index++) {
      const socket = new WebSocket(relayUrl(relay, `churn-${index}`));
      socket.on('error', () => {});
      // Half drop during the handshake, half right after the welcome.
      if (index % 2 === 0) setImmediate(() => socket.terminate());
      else socket.once('message', () => socket.terminate());
      attempts.push(closed(socket));
    }
    await Promise.all(attempts);
    await waitFor(() => Array.from({ length: 1000 }, (_, index) => relay.isConnected(`churn-${index}`)).every((up) => !up), 'no churned user is connected');
    expect(await callAndWait(alice)).toBe('ACCEPTED_BY_REMOTE');
  });
});

describe('a client claiming another user’s id', () => {
  const tokens = new Map([
    ['alice-token', 'alice'],
    ['bob-token', 'bob'],
    ['mallory-token', 'mallory'],
  ]);
  const verifyToken = (request: IncomingMessage) =>
    tokens.get(new URL(request.url ?? '/', 'http://relay').searchParams.get('token') ?? '') ?? null;
  const tokenUrl = (relay: RelayServer, user: string, token: string) =>
    `ws://127.0.0.1:${relay.port}/?user=${user}&token=${token}`;

  it('with an authenticate that verifies a token, is refused (401) whatever user it names', async () => {
    const relay = await relayWith({ authenticate: verifyToken });
    const impostor = new WebSocket(tokenUrl(relay, 'alice', 'forged'));
    rawSockets.push(impostor);
    const status = await new Promise<number>((resolve) => {
      impostor.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
      impostor.once('error', () => {});
    });
    expect(status).toBe(401);
    expect(relay.isConnected('alice')).toBe(false);
  });

  it('with a verified connection, is stamped with its own id whatever the frame says', async () => {
    const relay = await relayWith({ authenticate: verifyToken });
    const bob = new WebSocket(tokenUrl(relay, 'bob', 'bob-token'));
    const mallory = new WebSocket(tokenUrl(relay, 'alice', 'mallory-token'));
    rawSockets.push(bob, mallory);
    const bobFrames = framesOf(bob);
    const malloryFrames = framesOf(mallory);
    await waitFor(() => bobFrames.length === 1 && malloryFrames.length === 1, 'both are welcomed');
    expect(malloryFrames[0]).toMatchObject({ type: 'welcome', userId: 'mallory' });
    mallory.send(JSON.stringify({ type: 'send', id: 1, to: 'bob', from: 'alice', userId: 'alice', data: 'spoofed' }));
    await waitFor(() => bobFrames.length === 2, 'bob receives the message');
    expect(bobFrames[1]).toEqual({ type: 'message', from: 'mallory', data: 'spoofed' });
  });

  it('with an authenticate that trusts the claim (no verification), becomes that user: identity is the deployment’s job', async () => {
    const relay = await relayWith();
    const bob = await rawSocket(relay, 'bob');
    const bobFrames = framesOf(bob);
    const impostor = await rawSocket(relay, 'alice');
    impostor.send(JSON.stringify({ type: 'send', id: 1, to: 'bob', data: 'I am alice' }));
    await waitFor(() => bobFrames.length === 1, 'bob receives the message');
    expect(bobFrames[0]).toEqual({ type: 'message', from: 'alice', data: 'I am alice' });
  });
});

describe('an invite flood over the relay', () => {
  it('leaves a legitimate caller able to ring the same callee for the whole answer window', async () => {
    const relay = await relayWith();
    const { alice, bob } = await callingPair(relay);
    const windowMs = (shortTimeouts.answerMs ?? 0) + (shortTimeouts.lingerMs ?? 0);
    const startedAt = performance.now();
    const flood = floodWithInvites({ url: relayUrl(relay, 'mallory'), to: 'bob', durationMs: windowMs });
    const outcomes: string[] = [];
    // A call every half second, from the first moment of the flood to its end.
    while (performance.now() - startedAt < windowMs - 500) {
      outcomes.push(await callAndWait(alice));
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const attacker = await flood;
    expect(outcomes.length).toBeGreaterThanOrEqual(1);
    expect(outcomes).toEqual(outcomes.map(() => 'ACCEPTED_BY_REMOTE'));
    expect(attacker.sent).toBeGreaterThan(1000);
    // The relay read no more of mallory than its rate allows and refused the surplus it had read;
    // bob's kit let mallory ring no more than its per-caller share.
    expect(relay.stats().framesOverRate).toBeGreaterThan(0);
    const dropped = bob.stats().dropped;
    expect((dropped['too-many-invitations-from-caller'] ?? 0) + (dropped['invite-rate-exceeded'] ?? 0)).toBeGreaterThan(0);
    expect(dropped['too-many-invitations']).toBeUndefined();
  });
});
