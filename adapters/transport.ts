/**
 * The contract between the kit and a message transport. The kit needs nothing
 * more than this: delivery of strings between authenticated user ids.
 * Ordering, persistence and presence are not required; the protocol re-sends
 * what must arrive and tolerates duplicates and reordering.
 *
 * A user may be connected from several devices at once (a phone and a
 * laptop), each with a transport of its own under the same user id. Addresses
 * are user ids, never devices: a message to a user reaches all of that user's
 * connected devices, and which device answers is told inside the messages,
 * not by the transport.
 */
export interface Transport {
  /** The user id this transport is authenticated as. */
  readonly localId: string;
  /**
   * Delivers `data` to every device connected as `peerId`, at most once per
   * device and call from the transport's point of view (the protocol re-sends
   * on its own). Resolves when the transport has accepted the message.
   * Rejects with a {@link TransportError} whose `code` is `'PEER_OFFLINE'`
   * when the transport knows no device of the peer is reachable (one device
   * leaving while another stays is not offline), or `'NOT_CONNECTED'` when
   * this transport is closed or down.
   */
  send(peerId: string, data: string): Promise<void>;
  /**
   * Registers a handler for incoming messages. `from` is the sender's user id
   * as the transport authenticates it, never a value taken from the payload;
   * two devices of one sender share it. Returns a function that removes the
   * handler.
   */
  onMessage(handler: (from: string, data: string) => void): () => void;
  /**
   * Releases this device's connection; the user's other devices stay
   * connected. Further `send` calls reject with `NOT_CONNECTED`.
   */
  close(): Promise<void>;
}

/** Why a transport refused to send. */
export type TransportErrorCode = 'PEER_OFFLINE' | 'NOT_CONNECTED' | 'MESSAGE_TOO_LARGE';

/** The error a {@link Transport} rejects `send` with when it knows why delivery is impossible. */
export class TransportError extends Error {
  override readonly name = 'TransportError';
  readonly code: TransportErrorCode;

  constructor(code: TransportErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * True when `error` says the peer is unreachable. Adapters from other
 * libraries may reject with their own error types, so only `code` is checked.
 */
export function isPeerOfflineError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'PEER_OFFLINE';
}
