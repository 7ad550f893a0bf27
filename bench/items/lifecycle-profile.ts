/**
 * Item 1, where the time goes: V8's CPU profiler (what `node --cpu-prof`
 * records, started here through `node:inspector` so that only the timed part
 * of each round is profiled) samples the throughput loop of
 * `lifecycle-throughput`, and every sample is charged to one part of the
 * lifecycle (bench/lib/cpu-profile.ts): XState's runtime, the charts'
 * actions and guards, the kit, the codec, the transport, timers, garbage
 * collection and the rest.
 *
 * Contenders: the kit (`statecharts`), the charts alone on XState's actors
 * (`charts-only`) and on the table evaluator (`charts-table`). After a
 * warm-up, each profile is `rounds` rounds of each contender, alternating;
 * `profiles` profiles show how far the shares move. Garbage collection is
 * also timed by `perf_hooks` (the pauses V8 reports), as a check on the
 * sampled figure. `saveDirectory` keeps every round's `.cpuprofile` (open it
 * in Chrome's DevTools or speedscope).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { DEFAULT_TIMEOUTS } from '../../machines/constants.js';
import { TABLE_RUNTIME, XSTATE_RUNTIME, runChartsOnlyLifecycles } from '../lib/charts-only-driver.js';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { PROFILE_CATEGORIES, SourceResolver, attribute, type CpuProfile, type ProfileCategory } from '../lib/cpu-profile.js';
import { KIT_FACTORIES } from '../lib/kits.js';
import { runAcceptedLifecycles } from '../lib/lifecycle-driver.js';
import { nextTurn, round, sleep } from '../lib/statistics.js';

export type ProfileContender = 'statecharts' | 'charts-only' | 'charts-table';

const parameters = itemParameters({
  lifecyclesPerRound: 5_000,
  inFlight: 64,
  warmupRounds: 2,
  rounds: 6,
  profiles: 3,
  samplingIntervalMicroseconds: 100,
  contenders: ['statecharts', 'charts-only', 'charts-table'] as ProfileContender[],
  saveDirectory: '',
});

export interface ContenderProfile {
  /** Lifecycles per second while profiled, one per profile (the profiler slows them down). */
  readonly lifecyclesPerSecond: readonly number[];
  /** Samples that were not idle, one count per profile. */
  readonly samples: readonly number[];
  /** Share of the non-idle samples charged to each part, one per profile. */
  readonly shares: Readonly<Record<ProfileCategory, readonly number[]>>;
  /** The same in microseconds per lifecycle (share × profiled time ÷ lifecycles). */
  readonly microsecondsPerLifecycle: Readonly<Record<ProfileCategory, readonly number[]>>;
  /** Share of the profiled time that V8 reported as garbage-collection pauses (`perf_hooks`), one per profile. */
  readonly gcPauseShare: readonly number[];
  /** Idle samples over all samples, one per profile. */
  readonly idleShare: readonly number[];
  /** The functions with the most self samples over all profiles, with the part each was charged to. */
  readonly topFunctions: ReadonlyArray<{ readonly name: string; readonly category: ProfileCategory; readonly share: number }>;
}

export interface LifecycleProfileResult {
  readonly samplingIntervalMicroseconds: number;
  readonly lifecyclesPerRound: number;
  readonly roundsPerProfile: number;
  readonly profiles: number;
  readonly inFlight: number;
  readonly categories: Readonly<Record<ProfileCategory, string>>;
  readonly contenders: Readonly<Partial<Record<ProfileContender, ContenderProfile>>>;
}

const repositoryRoot = join(import.meta.dirname, '..', '..', '..', '..');
const session = new Session();
session.connect();

/** Posts to the in-process inspector; a session on the same thread answers before `post` returns. */
function post<Result>(method: string, params: object = {}): Result {
  let answer: { error: Error | null; result: Result } | undefined;
  session.post(method, params, (error, result) => {
    answer = { error, result: result as Result };
  });
  if (!answer) throw new Error(`the inspector did not answer ${method} synchronously`);
  if (answer.error) throw answer.error;
  return answer.result;
}

const gcPauses: PerformanceEntry[] = [];
new PerformanceObserver((list) => gcPauses.push(...list.getEntries())).observe({ entryTypes: ['gc'] });

/** One round of `contender`; `timedEnd` is called as soon as its timed part ends. */
async function oneRound(contender: ProfileContender, timedEnd: () => void): Promise<void> {
  if (contender === 'statecharts') {
    const run = await runAcceptedLifecycles({
      createKit: KIT_FACTORIES.statecharts,
      lifecycles: parameters.lifecyclesPerRound,
      inFlight: parameters.inFlight,
    });
    timedEnd();
    await Promise.all([run.caller.close(), run.callee.close()]);
    return;
  }
  const runtime = contender === 'charts-only' ? XSTATE_RUNTIME : TABLE_RUNTIME;
  await runChartsOnlyLifecycles(parameters.lifecyclesPerRound, parameters.inFlight, DEFAULT_TIMEOUTS, runtime, timedEnd);
}

interface RoundProfile {
  readonly profile: CpuProfile;
  readonly wallMs: number;
  readonly gcMs: number;
}

async function profiledRound(contender: ProfileContender): Promise<RoundProfile> {
  globalThis.gc?.();
  await nextTurn();
  gcPauses.length = 0;
  post('Profiler.enable');
  post('Profiler.setSamplingInterval', { interval: parameters.samplingIntervalMicroseconds });
  let stopped: { profile: CpuProfile; end: number } | undefined;
  const start = performance.now();
  post('Profiler.start');
  await oneRound(contender, () => {
    const end = performance.now();
    stopped = { profile: post<{ profile: CpuProfile }>('Profiler.stop').profile, end };
  });
  post('Profiler.disable');
  if (!stopped) throw new Error('the round ended without stopping the profiler');
  // GC entries arrive on a later turn.
  await sleep(10);
  const end = stopped.end;
  const gcMs = gcPauses
    .filter((entry) => entry.startTime >= start && entry.startTime < end)
    .reduce((sum, entry) => sum + Math.min(entry.duration, end - entry.startTime), 0);
  return { profile: stopped.profile, wallMs: end - start, gcMs };
}

runAsItem(async (): Promise<LifecycleProfileResult> => {
  const resolver = new SourceResolver(repositoryRoot);
  const { contenders } = parameters;
  for (let warmup = 0; warmup < parameters.warmupRounds; warmup++) {
    for (const contender of contenders) await oneRound(contender, () => undefined);
  }
  if (parameters.saveDirectory) mkdirSync(parameters.saveDirectory, { recursive: true });
  const categories = Object.keys(PROFILE_CATEGORIES) as ProfileCategory[];
  const empty = () => Object.fromEntries(categories.map((category) => [category, [] as number[]])) as Record<ProfileCategory, number[]>;
  const collected = new Map(
    contenders.map((contender) => [
      contender,
      {
        lifecyclesPerSecond: [] as number[],
        samples: [] as number[],
        shares: empty(),
        microsecondsPerLifecycle: empty(),
        gcPauseShare: [] as number[],
        idleShare: [] as number[],
        functions: new Map<string, { category: ProfileCategory; samples: number }>(),
        allSamples: 0,
      },
    ]),
  );
  for (let profile = 0; profile < parameters.profiles; profile++) {
    const totals = new Map(contenders.map((contender) => [contender, { samples: empty(), total: 0, idle: 0, wallMs: 0, gcMs: 0, durationMicroseconds: 0 }]));
    for (let index = 0; index < parameters.rounds; index++) {
      const order = (profile * parameters.rounds + index) % 2 === 0 ? contenders : [...contenders].reverse();
      for (const contender of order) {
        const { profile: cpuProfile, wallMs, gcMs } = await profiledRound(contender);
        if (parameters.saveDirectory) {
          writeFileSync(join(parameters.saveDirectory, `${contender}-${profile + 1}-${index + 1}.cpuprofile`), JSON.stringify(cpuProfile));
        }
        const attribution = attribute(cpuProfile, resolver);
        const sum = totals.get(contender);
        const into = collected.get(contender);
        if (!sum || !into) continue;
        for (const category of categories) sum.samples[category].push(attribution.samples[category]);
        sum.total += attribution.total;
        sum.idle += attribution.idle;
        sum.wallMs += wallMs;
        sum.gcMs += gcMs;
        sum.durationMicroseconds += attribution.durationMicroseconds;
        for (const [name, { category, samples }] of attribution.functions) {
          const entry = into.functions.get(name) ?? { category, samples: 0 };
          entry.samples += samples;
          into.functions.set(name, entry);
        }
        into.allSamples += attribution.total;
      }
    }
    for (const contender of contenders) {
      const sum = totals.get(contender);
      const into = collected.get(contender);
      if (!sum || !into) continue;
      const lifecycles = parameters.rounds * parameters.lifecyclesPerRound;
      const busyMicroseconds = (sum.durationMicroseconds * sum.total) / Math.max(1, sum.total + sum.idle);
      for (const category of categories) {
        const samples = sum.samples[category].reduce((total, count) => total + count, 0);
        into.shares[category].push(round(samples / sum.total, 4));
        into.microsecondsPerLifecycle[category].push(round(((samples / sum.total) * busyMicroseconds) / lifecycles, 2));
      }
      into.lifecyclesPerSecond.push(Math.round((lifecycles / sum.wallMs) * 1000));
      into.samples.push(sum.total);
      into.gcPauseShare.push(round(sum.gcMs / sum.wallMs, 4));
      into.idleShare.push(round(sum.idle / (sum.total + sum.idle), 4));
      const xstate = into.shares.xstate.at(-1) ?? 0;
      progress(
        `profile ${profile + 1}/${parameters.profiles} ${contender}: ${into.lifecyclesPerSecond.at(-1)}/s profiled, ` +
          `XState ${(100 * xstate).toFixed(1)}%, GC ${(100 * (into.shares.gc.at(-1) ?? 0)).toFixed(1)}%`,
      );
    }
  }
  const result: Partial<Record<ProfileContender, ContenderProfile>> = {};
  for (const [contender, into] of collected) {
    result[contender] = {
      lifecyclesPerSecond: into.lifecyclesPerSecond,
      samples: into.samples,
      shares: into.shares,
      microsecondsPerLifecycle: into.microsecondsPerLifecycle,
      gcPauseShare: into.gcPauseShare,
      idleShare: into.idleShare,
      topFunctions: [...into.functions]
        .sort(([, a], [, b]) => b.samples - a.samples)
        .slice(0, 15)
        .map(([name, { category, samples }]) => ({ name, category, share: round(samples / into.allSamples, 4) })),
    };
  }
  session.disconnect();
  return {
    samplingIntervalMicroseconds: parameters.samplingIntervalMicroseconds,
    lifecyclesPerRound: parameters.lifecyclesPerRound,
    roundsPerProfile: parameters.rounds,
    profiles: parameters.profiles,
    inFlight: parameters.inFlight,
    categories: PROFILE_CATEGORIES,
    contenders: result,
  };
});
