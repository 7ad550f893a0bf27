import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebSocket } from 'ws';
import { createConnectionBounds } from '../../adapters/websocket-server/connection-bounds.js';

/** The part of a `ws` socket the bounds use, recording what was done to it. */
function createSocketDouble(bufferedAmount = 0) {
  const socket = {
    OPEN: 1,
    readyState: 1,
    bufferedAmount,
    isPaused: false,
    sent: [] as string[],
    terminated: false,
    pause() {
      socket.isPaused = true;
    },
    resume() {
      socket.isPaused = false;
    },
    send(text: string) {
      socket.sent.push(text);
    },
    terminate() {
      socket.terminated = true;
      socket.readyState = 2;
    },
  };
  return { socket, asWebSocket: socket as unknown as WebSocket };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('the relay’s frame rate per connection', () => {
  it('admits a burst of one second’s worth, then pauses reading until the allowance has refilled', () => {
    let now = 0;
    const bounds = createConnectionBounds({ maxFramesPerSecond: 3 }, 1024, () => now);
    const { socket, asWebSocket } = createSocketDouble();
    expect([1, 2, 3, 4, 5].map(() => bounds.admitFrame(asWebSocket))).toEqual([true, true, true, false, false]);
    expect(socket.isPaused).toBe(true);
    expect(bounds.stats().framesOverRate).toBe(2);
    now += 1000;
    vi.advanceTimersByTime(1000);
    expect(socket.isPaused).toBe(false);
    expect([1, 2, 3, 4].map(() => bounds.admitFrame(asWebSocket))).toEqual([true, true, true, false]);
  });

  it('keeps one allowance per connection', () => {
    const bounds = createConnectionBounds({ maxFramesPerSecond: 1 }, 1024, () => 0);
    const flooder = createSocketDouble().asWebSocket;
    const other = createSocketDouble().asWebSocket;
    bounds.admitFrame(flooder);
    expect(bounds.admitFrame(flooder)).toBe(false);
    expect(bounds.admitFrame(other)).toBe(true);
  });

  it('admits everything when the rate is Infinity', () => {
    const bounds = createConnectionBounds({ maxFramesPerSecond: Infinity }, 1024, () => 0);
    const { asWebSocket } = createSocketDouble();
    expect(Array.from({ length: 10_000 }, () => bounds.admitFrame(asWebSocket)).every(Boolean)).toBe(true);
  });
});

describe('the relay’s queue bound per connection', () => {
  it('sends while the queue stays within maxQueuedBytes', () => {
    const bounds = createConnectionBounds({ maxQueuedBytes: 2048 }, 1024);
    const { socket, asWebSocket } = createSocketDouble(1000);
    expect(bounds.send(asWebSocket, 'x'.repeat(1048))).toBe(true);
    expect(socket.sent).toHaveLength(1);
    expect(socket.terminated).toBe(false);
  });

  it('drops the connection, not just the message, when the queue would pass maxQueuedBytes, and counts it once', () => {
    const bounds = createConnectionBounds({ maxQueuedBytes: 2048 }, 1024);
    const { socket, asWebSocket } = createSocketDouble(2000);
    expect(bounds.send(asWebSocket, 'x'.repeat(100))).toBe(false);
    expect(socket.terminated).toBe(true);
    expect(bounds.send(asWebSocket, 'x')).toBe(false);
    expect(socket.sent).toEqual([]);
    expect(bounds.stats().slowReadersDropped).toBe(1);
  });

  it('refuses a queue bound smaller than one frame', () => {
    expect(() => createConnectionBounds({ maxQueuedBytes: 100 }, 1024)).toThrow(RangeError);
  });
});
