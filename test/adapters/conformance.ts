/**
 * The transport conformance suite: one set of behaviours every adapter must
 * show, run unchanged from one test file per adapter (the MQTT.js
 * abstract-client pattern). An adapter of your own passes the same way:
 * implement {@link ConformanceSubject} and call {@link runTransportConformance}.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Transport } from '../../adapters/transport.js';
import { runCallConformance } from './call-conformance.js';
import { runMultiDeviceConformance } from './multi-device-conformance.js';
import { collectMessages, eventually, uniqueUserIds, waitFor } from './waiting.js';

/** What the suite needs to know about one adapter. */
export interface ConformanceSubject {
  /** Connects a transport authenticated as `userId`, resolving once it can receive. */
  connect(userId: string): Promise<Transport>;
  /**
   * Writes `frame` to `recipientId` beneath the adapter, as a broken or
   * hostile client authenticated as `attackerId` could (a raw socket, a raw
   * publish), bypassing every check the adapter's `send` makes. Resolves
   * once whatever sits between has handled the frame (the broker routed it,
   * the relay read it), so a message sent afterwards arrives after it.
   */
  injectRawFrame(attackerId: string, recipientId: string, frame: string): Promise<void>;
  /**
   * Tries everything the deployment lets `attackerId` do to make
   * `recipientId` receive a message as if from `impersonatedId`, then sends
   * `marker` to `recipientId` as itself over the same connection, so the
   * suite knows when every attempt has been processed.
   */
  impersonate(attempt: { attackerId: string; impersonatedId: string; recipientId: string; marker: string }): Promise<void>;
  /** Releases what the subject shares across tests (servers, clients). */
  dispose(): Promise<void>;
}

/** How the suite is told about one adapter. */
export interface TransportConformanceOptions {
  /** Names the describe block. */
  name: string;
  /** Builds the subject once for the file; a missing broker must make this reject with a clear message. */
  createSubject(): Promise<ConformanceSubject>;
  /**
   * True when the adapter cannot authenticate senders at all (same-origin
   * BroadcastChannel). The suite then asserts the documented weakness is
   * real, rather than skipping, so the documentation cannot drift from it.
   */
  senderIsUnauthenticated?: boolean;
  /**
   * True for an in-process adapter with no wire to protect (memory): the
   * suite then asserts a 1 MiB message arrives intact instead of being
   * refused with MESSAGE_TOO_LARGE.
   */
  hasNoSizeBound?: boolean;
}

const MEBIBYTE = 1024 * 1024;

/** Registers the whole conformance suite for one adapter. */
export function runTransportConformance(options: TransportConformanceOptions): void {
  describe(`${options.name} transport conformance`, () => {
    let subject: ConformanceSubject;
    const open: Transport[] = [];

    beforeAll(async () => {
      subject = await options.createSubject();
    });
    afterEach(async () => {
      await Promise.all(open.splice(0).map((transport) => transport.close()));
    });
    afterAll(async () => {
      await subject?.dispose();
    });

    async function connect(userId: string): Promise<Transport> {
      const transport = await subject.connect(userId);
      open.push(transport);
      return transport;
    }

    it('knows itself by the id it was connected as', async () => {
      const [alice] = uniqueUserIds('alice');
      const transport = await connect(alice);
      expect(transport.localId).toBe(alice);
    });

    it('delivers a message to the peer, stamped with the sender', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      const received = collectMessages(bob);
      await alice.send(bobId, 'hello, bob');
      await waitFor(() => received.length === 1, 'bob receives the message');
      expect(received).toEqual([{ from: aliceId, data: 'hello, bob' }]);
    });

    it('carries any UTF-8 text unchanged', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      const received = collectMessages(bob);
      const text = '{"emoji":"📞","quote":"\\"","newline":"\\n","cjk":"通话"}\u0000end';
      await alice.send(bobId, text);
      await waitFor(() => received.length === 1, 'bob receives the message');
      expect(received[0]?.data).toBe(text);
    });

    it('keeps the order of messages from one sender to one peer', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      const received = collectMessages(bob);
      const sent = Array.from({ length: 30 }, (_, index) => `message ${index}`);
      // Sent without waiting in between: ordering must hold for pipelined sends.
      await Promise.all(sent.map((data) => alice.send(bobId, data)));
      await waitFor(() => received.length === sent.length, 'bob receives all 30 messages');
      expect(received.map((message) => message.data)).toEqual(sent);
    });

    it('delivers to each peer only what was addressed to it', async () => {
      const [aliceId, bobId, carolId] = uniqueUserIds('alice', 'bob', 'carol');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      const carol = await connect(carolId);
      const toBob = collectMessages(bob);
      const toCarol = collectMessages(carol);
      await alice.send(bobId, 'for bob');
      await alice.send(carolId, 'for carol');
      await waitFor(() => toBob.length === 1 && toCarol.length === 1, 'both receive their message');
      expect(toBob).toEqual([{ from: aliceId, data: 'for bob' }]);
      expect(toCarol).toEqual([{ from: aliceId, data: 'for carol' }]);
    });

    it('rejects with PEER_OFFLINE for a user who never connected', async () => {
      const [aliceId, ghostId] = uniqueUserIds('alice', 'ghost');
      const alice = await connect(aliceId);
      await expect(alice.send(ghostId, 'anyone there?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    });

    it('rejects with PEER_OFFLINE once the peer has closed', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      await alice.send(bobId, 'still there?');
      await bob.close();
      // Presence travels through the network, so the sender may learn of the
      // departure a moment after close() resolves.
      await eventually(async () => {
        await expect(alice.send(bobId, 'gone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
      }, 'alice sees bob offline');
    });

    it('rejects with NOT_CONNECTED after its own close', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      await connect(bobId);
      await alice.close();
      await expect(alice.send(bobId, 'after close')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    });

    it('closes idempotently', async () => {
      const [aliceId] = uniqueUserIds('alice');
      const alice = await connect(aliceId);
      await alice.close();
      await expect(alice.close()).resolves.toBeUndefined();
    });

    it('reaches a peer again after it reconnects under the same id', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      const firstBob = await connect(bobId);
      await firstBob.close();
      const secondBob = await connect(bobId);
      const received = collectMessages(secondBob);
      await eventually(() => alice.send(bobId, 'welcome back'), 'alice reaches the new bob');
      await waitFor(() => received.length >= 1, 'the new bob receives');
      expect(received[0]).toEqual({ from: aliceId, data: 'welcome back' });
    });

    it('stops calling a handler once it is removed, and keeps calling the others', async () => {
      const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      const removed: string[] = [];
      const unsubscribe = bob.onMessage((_from, data) => removed.push(data));
      const kept = collectMessages(bob);
      await alice.send(bobId, 'first');
      await waitFor(() => kept.length === 1, 'the first message arrives');
      unsubscribe();
      await alice.send(bobId, 'second');
      await waitFor(() => kept.length === 2, 'the second message arrives');
      expect(removed).toEqual(['first']);
    });

    if (options.hasNoSizeBound === true) {
      it('carries a 1 MiB message intact (an in-process adapter has no wire to bound)', async () => {
        const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
        const alice = await connect(aliceId);
        const bob = await connect(bobId);
        const received = collectMessages(bob);
        const large = 'x'.repeat(MEBIBYTE);
        await alice.send(bobId, large);
        await waitFor(() => received.length === 1, 'the large message arrives');
        expect(received[0]?.data === large).toBe(true);
      });
    } else {
      it('rejects a 1 MiB message with MESSAGE_TOO_LARGE instead of sending it', async () => {
        const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
        const alice = await connect(aliceId);
        const bob = await connect(bobId);
        const received = collectMessages(bob);
        await expect(alice.send(bobId, 'x'.repeat(MEBIBYTE))).rejects.toMatchObject({ code: 'MESSAGE_TOO_LARGE' });
        await alice.send(bobId, 'small');
        await waitFor(() => received.length === 1, 'a normal message still arrives');
        expect(received).toEqual([{ from: aliceId, data: 'small' }]);
      });
    }

    it('drops 1 MiB garbage frames and keeps working', async () => {
      const [aliceId, bobId, malloryId] = uniqueUserIds('alice', 'bob', 'mallory');
      const alice = await connect(aliceId);
      const bob = await connect(bobId);
      await connect(malloryId);
      const received = collectMessages(bob);
      for (const garbage of garbageFrames()) await subject.injectRawFrame(malloryId, bobId, garbage);
      await alice.send(bobId, 'after the garbage');
      await waitFor(() => received.some((message) => message.data === 'after the garbage'), 'bob still receives');
      // A broker adapter's payload is opaque, so the small malformed frame may
      // arrive as text from mallory; nothing oversized may, and nothing may
      // arrive as if from anyone else.
      expect(received.filter((message) => message.from !== malloryId)).toEqual([{ from: aliceId, data: 'after the garbage' }]);
      if (options.hasNoSizeBound) {
        // No wire, no bound: the garbage arrives intact, and only as mallory's.
        expect(received.filter((message) => message.from === malloryId).map((message) => message.data)).toEqual(garbageFrames());
      } else {
        expect(received.filter((message) => message.data.length >= MEBIBYTE)).toEqual([]);
      }
    });

    /** Mallory tries to pass a message to bob as alice; resolves with what bob received, mallory's marker included. */
    async function attemptImpersonation() {
      const [aliceId, bobId, malloryId] = uniqueUserIds('alice', 'bob', 'mallory');
      await connect(aliceId);
      const bob = await connect(bobId);
      await connect(malloryId);
      const received = collectMessages(bob);
      await subject.impersonate({ attackerId: malloryId, impersonatedId: aliceId, recipientId: bobId, marker: 'marker' });
      await waitFor(() => received.some((message) => message.data === 'marker'), 'the marker arrives');
      return { aliceId, malloryId, received };
    }

    if (options.senderIsUnauthenticated === true) {
      it('lets any participant claim any sender (the documented limit of this adapter)', async () => {
        const { aliceId, received } = await attemptImpersonation();
        expect(received.some((message) => message.from === aliceId)).toBe(true);
      });
    } else {
      it('stamps the authenticated sender, whatever a client writes', async () => {
        const { aliceId, malloryId, received } = await attemptImpersonation();
        expect(received.filter((message) => message.from === aliceId)).toEqual([]);
        expect(received.find((message) => message.data === 'marker')?.from).toBe(malloryId);
      });
    }

    runMultiDeviceConformance(connect);
    runCallConformance(connect);
  });
}

/** Frames no adapter writes: oversized noise, oversized JSON that looks like a message, and broken JSON. */
function garbageFrames(): string[] {
  let noise = '';
  let seed = 0x2545f491;
  const chunk: string[] = [];
  for (let index = 0; index < 4096; index += 1) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    chunk.push(String.fromCharCode(32 + (seed % 95)));
  }
  const block = chunk.join('');
  while (noise.length < MEBIBYTE) noise += block;
  return [
    noise,
    JSON.stringify({ type: 'message', kind: 'message', from: 'alice', to: 'bob', data: noise }),
    '{"type":"message","from":',
  ];
}
