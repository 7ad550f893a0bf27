/** Nearest-rank percentile of `samples` (0 < p <= 100). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Rounds to `digits` significant decimals for the report, keeping integers readable. */
export function round(value: number, digits = 3): number {
  if (!Number.isFinite(value)) return value;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Resolves on the next turn of the event loop, after pending I/O and timers of this turn. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export function sleep(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}

/** Polls `condition` every few milliseconds; rejects with `description` after `timeoutMs`. */
export async function until(condition: () => boolean, description: string, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`benchmark gave up waiting until ${description}`);
    await sleep(5);
  }
}

/** A figure with its spread: the median, a 95% bootstrap confidence interval of the median, and the range. */
export interface Spread {
  readonly median: number;
  /** 95% percentile-bootstrap confidence interval of the median. */
  readonly low: number;
  readonly high: number;
  readonly min: number;
  readonly max: number;
  readonly samples: number;
}

/** Small seeded generator (mulberry32), so that a report's intervals are reproducible from its samples. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The median of `samples` with a 95% percentile-bootstrap confidence interval
 * (10,000 resamples, fixed seed) and the range. Rounds are few and their
 * distribution is skewed by the machine's other load, so no normality is assumed.
 */
export function spread(samples: readonly number[], digits = 3): Spread {
  const random = seededRandom(15);
  const medians: number[] = [];
  for (let resample = 0; resample < 10_000; resample++) {
    const drawn = samples.map(() => samples[Math.floor(random() * samples.length)] as number);
    medians.push(median(drawn));
  }
  return {
    median: round(median(samples), digits),
    low: round(percentile(medians, 2.5), digits),
    high: round(percentile(medians, 97.5), digits),
    min: round(Math.min(...samples), digits),
    max: round(Math.max(...samples), digits),
    samples: samples.length,
  };
}
