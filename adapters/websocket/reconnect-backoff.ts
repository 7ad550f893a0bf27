/** How the WebSocket client spaces its reconnection attempts. */
export interface ReconnectBackoff {
  /** Delay before the first retry. Default 250 ms. */
  initialDelayMs?: number;
  /** Ceiling the doubling delay stops at. Default 30 000 ms. */
  maxDelayMs?: number;
}

/**
 * The delay before retry number `attempt` (0-based): doubling from the initial
 * delay up to the ceiling, then drawn uniformly from its upper half ("equal
 * jitter"), so clients dropped together by one relay restart do not all come
 * back in the same instant.
 */
export function reconnectDelayMs(attempt: number, backoff: ReconnectBackoff, random: () => number = Math.random): number {
  const initial = backoff.initialDelayMs ?? 250;
  const ceiling = backoff.maxDelayMs ?? 30_000;
  const exponential = Math.min(ceiling, initial * 2 ** Math.min(attempt, 30));
  return exponential / 2 + random() * (exponential / 2);
}
