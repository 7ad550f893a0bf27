import { isValidUserId } from '../protocol/limits.js';
import type { Transport } from './transport.js';
import { MessageHandlers } from './internal/message-handlers.js';
import { DEFAULT_MAX_MESSAGE_BYTES, fitsInBytes } from './internal/message-size.js';
import { messageTooLarge, notConnected, peerOffline } from './internal/transport-errors.js';
import { assertValidUserId } from './internal/user-id-rules.js';

const ADAPTER = 'broadcast-channel';

/** Options of {@link createBroadcastChannelTransport}. */
export interface BroadcastChannelTransportOptions {
  /**
   * The user this tab acts as: 1 to 64 bytes of UTF-8, the kit's rule for every
   * user id. Not verified by anything: see the note on {@link createBroadcastChannelTransport}.
   */
  userId: string;
  /** Name of the BroadcastChannel all participating tabs share. Default `call-invitation`. */
  channelName?: string;
  /**
   * How long `send` waits for the recipient's receipt before answering
   * PEER_OFFLINE. Tabs of one browser answer within milliseconds; a tab the
   * browser has frozen does not answer, and cannot ring either. Default 500 ms.
   */
  receiptTimeoutMs?: number;
  /** Bound on one message's `data`, in UTF-8 bytes. Default 64 KiB. */
  maxMessageBytes?: number;
}

/** A message for one user, carried to every tab on the channel. */
interface MessageEnvelope {
  kind: 'message';
  id: string;
  from: string;
  to: string;
  data: string;
}

/** A recipient's answer to a message, which is how the sender learns the peer exists. */
interface ReceiptEnvelope {
  kind: 'receipt';
  id: string;
  to: string;
}

type Envelope = MessageEnvelope | ReceiptEnvelope;

interface AwaitedReceipt {
  peerId: string;
  resolve: () => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * A {@link Transport} between tabs (and workers) of one browser origin, with no
 * server: every tab posts on one BroadcastChannel and keeps what is addressed
 * to its user. The recipient answers each message with a receipt; no receipt
 * within `receiptTimeoutMs` means PEER_OFFLINE, so presence needs no
 * heartbeat and is never stale.
 *
 * Authentication: there is none to be had. The browser guarantees only that
 * every party is same-origin code, and any such script may post a message
 * claiming any `from`. Use this where all tabs belong to one trust domain
 * (one signed-in person's tabs, a demo, tests), never to separate users who
 * distrust each other.
 */
export function createBroadcastChannelTransport(options: BroadcastChannelTransportOptions): Transport {
  const { userId } = options;
  assertValidUserId(userId, ADAPTER);
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const receiptTimeoutMs = options.receiptTimeoutMs ?? 500;
  const channel = new BroadcastChannel(options.channelName ?? 'call-invitation');
  const handlers = new MessageHandlers();
  const awaitedReceipts = new Map<string, AwaitedReceipt>();
  // Ids only need to be unique among this tab's messages in flight; the random
  // part keeps two instances of one user from answering each other's receipts.
  const instance = Math.random().toString(36).slice(2, 10);
  let nextMessage = 0;
  let closed = false;

  channel.onmessage = (event: MessageEvent<unknown>) => {
    const envelope = readEnvelope(event.data, maxMessageBytes);
    if (envelope === null) return;
    if (envelope.kind === 'receipt') {
      const awaited = envelope.to === userId ? awaitedReceipts.get(envelope.id) : undefined;
      if (awaited === undefined) return;
      awaitedReceipts.delete(envelope.id);
      clearTimeout(awaited.timer);
      awaited.resolve();
      return;
    }
    if (envelope.to !== userId) return;
    const receipt: ReceiptEnvelope = { kind: 'receipt', id: envelope.id, to: envelope.from };
    channel.postMessage(receipt);
    handlers.deliver(envelope.from, envelope.data);
  };
  // A message that cannot be deserialized is garbage from a sender we cannot
  // even name; dropping it is all there is to do.
  channel.onmessageerror = () => {};

  return {
    localId: userId,
    send(peerId, data) {
      if (closed) return Promise.reject(notConnected(ADAPTER));
      if (!fitsInBytes(data, maxMessageBytes)) return Promise.reject(messageTooLarge(ADAPTER, maxMessageBytes));
      const id = `${instance}:${nextMessage++}`;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          awaitedReceipts.delete(id);
          reject(peerOffline(ADAPTER, peerId));
        }, receiptTimeoutMs);
        awaitedReceipts.set(id, { peerId, resolve, reject, timer });
        const envelope: MessageEnvelope = { kind: 'message', id, from: userId, to: peerId, data };
        channel.postMessage(envelope);
      });
    },
    onMessage: (handler) => handlers.add(handler),
    async close() {
      if (closed) return;
      closed = true;
      channel.onmessage = null;
      channel.close();
      handlers.clear();
      for (const [id, awaited] of awaitedReceipts) {
        awaitedReceipts.delete(id);
        clearTimeout(awaited.timer);
        awaited.reject(notConnected(ADAPTER, `closed before ${JSON.stringify(awaited.peerId)} answered`));
      }
    },
  };
}

/** Accepts only envelopes this adapter writes, so garbage on the channel is dropped unread. */
function readEnvelope(value: unknown, maxMessageBytes: number): Envelope | null {
  if (typeof value !== 'object' || value === null) return null;
  const candidate = value as Record<string, unknown>;
  const { kind, id, to } = candidate;
  if (typeof id !== 'string' || id.length > 64 || !isValidUserId(to)) return null;
  if (kind === 'receipt') return { kind, id, to };
  if (kind !== 'message') return null;
  const { from, data } = candidate;
  if (!isValidUserId(from) || typeof data !== 'string' || !fitsInBytes(data, maxMessageBytes)) return null;
  return { kind, id, from, to, data };
}
