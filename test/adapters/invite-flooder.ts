/**
 * An attacker on its own thread: a raw `ws` client that sends well-formed
 * invites with ids never used before, as fast as its socket takes them, for a
 * given time. A thread of its own so that, as in a real attack, generating the
 * flood does not take the relay's event loop.
 */
import { Worker } from 'node:worker_threads';
import { encodeMessage } from '../../protocol/codec.js';

const ID_PLACEHOLDER = 'flood-id-placeholder';

/** What the attacker did. */
export interface FloodReport {
  /** Frames handed to the socket (some may still sit in its buffers when the flood ends). */
  readonly sent: number;
  /** Frames the relay sent back (answers and anything else). */
  readonly received: number;
  /** Close code, or 0 if the socket was still open at the end. */
  readonly closeCode: number;
}

export interface FloodOptions {
  /** Relay URL that authenticates the attacker. */
  readonly url: string;
  /** Who is flooded. */
  readonly to: string;
  readonly durationMs: number;
}

// CommonJS, evaluated by the worker: the test runner's TypeScript transform does not reach worker threads.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const WebSocket = require('ws');
const { url, to, durationMs, inviteTemplate, placeholder } = workerData;
const socket = new WebSocket(url);
let sent = 0;
let received = 0;
let closeCode = 0;
socket.on('message', () => received++);
socket.on('error', () => {});
let started = false;
socket.on('close', (code) => {
  closeCode = code;
  if (!started) parentPort.postMessage({ sent, received, closeCode });
});
socket.once('open', async () => {
  started = true;
  const endAt = Date.now() + durationMs;
  // A relay that stops reading leaves the last batch unwritten: the deadline ends the flood all the same.
  const deadline = new Promise((resolve) => setTimeout(resolve, durationMs));
  while (Date.now() < endAt && socket.readyState === WebSocket.OPEN) {
    const written = new Promise((resolve) => {
      for (let batch = 0; batch < 50; batch++, sent++) {
        const data = inviteTemplate.replace(placeholder, 'flood-' + sent);
        socket.send(JSON.stringify({ type: 'send', id: sent, to, data }), batch === 49 ? resolve : undefined);
      }
    });
    await Promise.race([written, deadline]);
  }
  parentPort.postMessage({ sent, received, closeCode });
  socket.terminate();
});
`;

/** Starts the flood; resolves with the attacker's figures when its time is up. */
export function floodWithInvites(options: FloodOptions): Promise<FloodReport> {
  const inviteTemplate = encodeMessage({ type: 'invite', id: ID_PLACEHOLDER, device: 'mallory-phone', content: '', channelId: '' });
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...options, inviteTemplate, placeholder: ID_PLACEHOLDER },
  });
  return new Promise<FloodReport>((resolve, reject) => {
    worker.once('message', (report: FloodReport) => {
      resolve(report);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
