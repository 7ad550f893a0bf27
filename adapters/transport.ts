/**
 * The contract between the kit and a message transport. The kit needs nothing
 * more than this: point-to-point delivery of strings between authenticated
 * user ids. Ordering, persistence and presence are not required; the protocol
 * re-sends what must arrive and tolerates duplicates and reordering.
 */
export interface Transport {
  /** The user id this transport is authenticated as. */
  readonly localId: string;
  /**
   * Delivers `data` to `peerId`, at most once per call from the transport's
   * point of view (the protocol re-sends on its own). Resolves when the
   * transport has accepted the message. Rejects with a {@link TransportError}
   * whose `code` is `'PEER_OFFLINE'` when the transport knows the peer is
   * unreachable, or `'NOT_CONNECTED'` when this transport is closed or down.
   */
  send(peerId: string, data: string): Promise<void>;
  /**
   * Registers a handler for incoming messages. `from` is the sender as the
   * transport authenticates it, never a value taken from the payload.
   * Returns a function that removes the handler.
   */
  onMessage(handler: (from: string, data: string) => void): () => void;
  /** Releases the connection. Further `send` calls reject with `NOT_CONNECTED`. */
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
