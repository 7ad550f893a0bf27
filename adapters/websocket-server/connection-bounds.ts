/**
 * The relay's per-connection bounds: how many frames a connection may send
 * per second, and how many bytes the relay may hold queued for a connection
 * that does not read. Together they keep one hostile or broken client from
 * taking the relay's CPU or memory from everyone else.
 */
import type { WebSocket } from 'ws';

/** Default of {@link ConnectionBoundsOptions.maxFramesPerSecond}. */
export const DEFAULT_MAX_FRAMES_PER_SECOND = 200;
/** Default of {@link ConnectionBoundsOptions.maxQueuedBytes}: eight frames of the default maximum size. */
export const DEFAULT_MAX_QUEUED_BYTES = 1024 * 1024;

/** The per-connection bounds of a relay; both are also options of `createRelayServer`. */
export interface ConnectionBoundsOptions {
  /**
   * Frames one connection may send per second on average, with bursts of up
   * to one second's worth. When a connection runs out, the relay stops
   * reading from it until its allowance has refilled (one second), so TCP
   * pushes back on the sender and the relay spends no time on it meanwhile;
   * frames it had already received beyond the allowance are not routed but
   * answered `rejected` with `NOT_CONNECTED`, which the client reports as a
   * failed send and the protocol retries. `Infinity` turns the bound off.
   * Default 200.
   */
  maxFramesPerSecond?: number;
  /**
   * Bytes the relay may hold queued for one connection (what the socket has
   * not yet handed to the network, `bufferedAmount` in `ws`). A connection
   * that would go over it reads too slowly, or not at all: the relay drops the
   * connection at once rather than the message, so no message is lost without
   * the sender hearing of it (the recipient is offline from then on; its
   * client reconnects). At least `maxFrameBytes`, so that one frame always
   * fits. Default 1 MiB.
   */
  maxQueuedBytes?: number;
}

/** What the relay refused since it started; see `RelayServer.stats()`. */
export interface RelayServerStats {
  /** Frames not routed because their connection was over `maxFramesPerSecond`. */
  readonly framesOverRate: number;
  /** Connections closed for a binary frame. */
  readonly binaryFrames: number;
  /** Connections closed for a text frame that is not a well-formed `send`. */
  readonly malformedFrames: number;
  /** Connections closed for a frame over `maxFrameBytes`. */
  readonly oversizedFrames: number;
  /** Connections dropped because more than `maxQueuedBytes` would have been queued for them. */
  readonly slowReadersDropped: number;
}

type RefusalCounter = keyof RelayServerStats;

/** The bounds and counters of one relay. */
export interface ConnectionBounds {
  /**
   * Takes one frame from the connection's allowance; false when the
   * connection is over its rate, in which case reading from it pauses until
   * the allowance has refilled.
   */
  admitFrame(webSocket: WebSocket): boolean;
  /**
   * Sends `text` unless that would queue more than `maxQueuedBytes` for the
   * connection, in which case the connection is dropped. True when sent.
   */
  send(webSocket: WebSocket, text: string): boolean;
  /** Counts a refusal the relay made itself. */
  count(counter: RefusalCounter): void;
  stats(): RelayServerStats;
}

/** How many frames a connection may still send now, and when that was worked out. */
interface FrameAllowance {
  tokens: number;
  measuredAt: number;
}

/** Throws RangeError for a bound that is not a positive number. */
function checkBound(name: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0)) throw new RangeError(`${name} must be a positive number, got ${String(value)}`);
  return value;
}

/**
 * Creates the bounds of one relay whose frames are at most `maxFrameBytes`.
 * The rate is measured on `now`, a relative clock (only differences are
 * used), so a wall-clock jump changes nothing.
 */
export function createConnectionBounds(
  options: ConnectionBoundsOptions,
  maxFrameBytes: number,
  now: () => number = () => performance.now(),
): ConnectionBounds {
  const rate = checkBound('maxFramesPerSecond', options.maxFramesPerSecond ?? DEFAULT_MAX_FRAMES_PER_SECOND);
  const maxQueuedBytes = checkBound('maxQueuedBytes', options.maxQueuedBytes ?? Math.max(DEFAULT_MAX_QUEUED_BYTES, maxFrameBytes));
  if (maxQueuedBytes < maxFrameBytes) {
    throw new RangeError(`maxQueuedBytes (${maxQueuedBytes}) must be at least maxFrameBytes (${maxFrameBytes})`);
  }
  const bucketSize = Math.max(1, rate);
  const refillMs = (bucketSize / rate) * 1000;
  const allowances = new WeakMap<WebSocket, FrameAllowance>();
  const counters: Record<RefusalCounter, number> = {
    framesOverRate: 0,
    binaryFrames: 0,
    malformedFrames: 0,
    oversizedFrames: 0,
    slowReadersDropped: 0,
  };

  return {
    admitFrame(webSocket) {
      if (rate === Infinity) return true;
      const at = now();
      const allowance = allowances.get(webSocket) ?? { tokens: bucketSize, measuredAt: at };
      const elapsedMs = Math.max(0, at - allowance.measuredAt);
      allowance.tokens = Math.min(bucketSize, allowance.tokens + (elapsedMs * rate) / 1000);
      allowance.measuredAt = at;
      allowances.set(webSocket, allowance);
      if (allowance.tokens < 1) {
        counters.framesOverRate += 1;
        // Frames already read still arrive, at most one socket read's worth; nothing more until the refill.
        if (!webSocket.isPaused) {
          webSocket.pause();
          setTimeout(() => webSocket.resume(), refillMs).unref?.();
        }
        return false;
      }
      allowance.tokens -= 1;
      return true;
    },
    send(webSocket, text) {
      if (webSocket.readyState !== webSocket.OPEN) return false;
      // UTF-16 length stands in for bytes: exact for the ASCII that JSON frames mostly are, and cheap.
      if (webSocket.bufferedAmount + text.length > maxQueuedBytes) {
        counters.slowReadersDropped += 1;
        // terminate(), not close(): a close frame would wait behind the very queue that is full.
        webSocket.terminate();
        return false;
      }
      webSocket.send(text);
      return true;
    },
    count(counter) {
      counters[counter] += 1;
    },
    stats: () => ({ ...counters }),
  };
}
