/**
 * `npm run bench`: runs every item in its own process, prints the summary
 * table, writes bench/results.json and regenerates docs/benchmarks.md with
 * its chart. `npm run bench -- <item> [json parameters]` runs one item alone
 * and prints its raw result (nothing is written); `npm run bench -- report`
 * rewrites the page from the stored bench/results.json; `npm run bench --
 * update <item>…` measures those items again, with the parameters of a full
 * run, into the stored results, and rewrites the page (which says so).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ActorFootprintResult } from './items/actor-footprint.js';
import type { ActorSystemResult } from './items/actor-system.js';
import type { HopLatencyResult } from './items/hop-latency.js';
import type { LifecycleInstructionsResult } from './items/lifecycle-instructions.js';
import type { LifecycleProfileResult } from './items/lifecycle-profile.js';
import type { BrokerScaleResult } from './items/broker-scale.js';
import type { BundleSizeResult } from './items/bundle-size.js';
import type { HandshakeLatencyResult } from './items/handshake-latency.js';
import type { LifecycleGrowthResult } from './items/lifecycle-growth.js';
import type { LifecycleThroughputResult } from './items/lifecycle-throughput.js';
import type { RingingMemoryResult } from './items/ringing-memory.js';
import { runItem } from './lib/child-process.js';
import { checkTargets, formatTable } from './report/checks.js';
import { writeReport } from './report/write-report.js';
import type { BenchResults, ChangesResult, ItemUpdate, MachineDescription } from './results.js';

const repositoryRoot = join(import.meta.dirname, '..', '..', '..');

async function runOne(item: string, parametersJson: string | undefined): Promise<void> {
  const result = await runItem<unknown>(item, JSON.parse(parametersJson ?? '{}'), ['--max-old-space-size=4096']);
  console.log(JSON.stringify(result, null, 2));
}

function hasValgrind(): boolean {
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A result file written by a separate command, if it was run. */
function storedResult<Result>(file: string): Result | undefined {
  const path = join(repositoryRoot, 'bench', file);
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Result;
  } catch {
    // A run still writing it, or one that failed: nothing to report.
    return undefined;
  }
}

/** Every contender of item 1's instruction count. */
const INSTRUCTION_CONTENDERS = ['statecharts', 'hand-written', 'charts-only', 'charts-table'];

function runInstructions(): Promise<LifecycleInstructionsResult | undefined> {
  return hasValgrind()
    ? runItem<LifecycleInstructionsResult>('lifecycle-instructions', { contenders: INSTRUCTION_CONTENDERS })
    : Promise.resolve(undefined);
}

/** Items `update` can measure again: each fills one field of the results, with a full run's parameters. */
const UPDATABLE: Readonly<Record<string, { field: keyof BenchResults; run: () => Promise<unknown> }>> = {
  'bundle-size': { field: 'bundleSize', run: () => runItem<BundleSizeResult>('bundle-size') },
  'lifecycle-throughput': { field: 'lifecycleThroughput', run: () => runItem<LifecycleThroughputResult>('lifecycle-throughput') },
  'lifecycle-profile': { field: 'lifecycleProfile', run: () => runItem<LifecycleProfileResult>('lifecycle-profile') },
  'lifecycle-instructions': { field: 'lifecycleInstructions', run: runInstructions },
  'actor-footprint': { field: 'actorFootprint', run: () => runItem<ActorFootprintResult>('actor-footprint') },
  'actor-system': { field: 'actorSystem', run: () => runItem<ActorSystemResult>('actor-system') },
  'lifecycle-growth': { field: 'lifecycleGrowth', run: () => runItem<LifecycleGrowthResult>('lifecycle-growth') },
};

async function runAll(): Promise<void> {
  const machine: MachineDescription = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    totalMemoryGigabytes: Math.round(totalmem() / 1024 ** 3),
    loadAverageAtStart: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
  const startedAt = performance.now();
  const step = (name: string) => console.error(`▸ ${name} (${Math.round((performance.now() - startedAt) / 1000)} s)`);

  step('item 5: bundle size');
  const bundleSize = await runItem<BundleSizeResult>('bundle-size');
  step('item 1: lifecycle throughput');
  const lifecycleThroughput = await runItem<LifecycleThroughputResult>('lifecycle-throughput');
  step('item 1: where the time goes (CPU profile)');
  const lifecycleProfile = await runItem<LifecycleProfileResult>('lifecycle-profile');
  // Instruction counts do not depend on the machine's load, and heap figures not either: callgrind runs
  // beside the memory items instead of after them. Nothing timed runs meanwhile.
  step('item 1 (callgrind, beside the memory items of item 2)');
  const instructions = runInstructions();
  step('item 2: 100 000 ringing invitations (statecharts, then hand-written)');
  const bigHeap = ['--max-old-space-size=4096'];
  const ringingStatecharts = await runItem<RingingMemoryResult>('ringing-memory', { implementation: 'statecharts' }, bigHeap);
  const ringingHandWritten = await runItem<RingingMemoryResult>('ringing-memory', { implementation: 'hand-written' }, bigHeap);
  const actorFootprint = await runItem<ActorFootprintResult>('actor-footprint');
  step('item 2: one actor system per kit');
  const actorSystem = await runItem<ActorSystemResult>('actor-system');
  step('item 2: lifecycles leave no growth');
  const lifecycleGrowth = await runItem<LifecycleGrowthResult>('lifecycle-growth');
  step('item 1: waiting for callgrind');
  const lifecycleInstructions = await instructions;
  step('item 3: handshake latency over real transports');
  const handshakeLatency: HandshakeLatencyResult[] = [];
  for (const transport of ['websocket', 'redis', 'nats', 'mqtt'] as const) {
    handshakeLatency.push(await runItem<HandshakeLatencyResult>('handshake-latency', { transport }));
  }
  step('item 3: one hop, stage by stage');
  const hopLatency: HopLatencyResult[] = [];
  for (const transport of ['memory', 'websocket', 'redis', 'nats'] as const) {
    hopLatency.push(await runItem<HopLatencyResult>('hop-latency', { transport }));
  }
  step('item 4: scale through a broker');
  const brokerScale: BrokerScaleResult[] = [];
  for (const broker of ['redis', 'nats'] as const) {
    brokerScale.push(await runItem<BrokerScaleResult>('broker-scale', { broker }));
  }

  const partial = {
    generatedAt: new Date().toISOString(),
    durationSeconds: Math.round((performance.now() - startedAt) / 1000),
    machine,
    lifecycleThroughput,
    lifecycleInstructions,
    lifecycleProfile,
    hopLatency,
    actorSystem,
    changes: storedResult<ChangesResult>('changes.json'),
    growthMillion: storedResult<LifecycleGrowthResult>('growth-million.json'),
    ringingMemory: { statecharts: ringingStatecharts, handWritten: ringingHandWritten },
    actorFootprint,
    lifecycleGrowth,
    handshakeLatency,
    brokerScale,
    bundleSize,
  };
  const results: BenchResults = { ...partial, checks: checkTargets(partial) };
  writeFileSync(join(repositoryRoot, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeReport(results, repositoryRoot);
  console.log(formatTable(results));
  console.log(`\n${results.checks.filter((check) => check.met).length}/${results.checks.length} targets met in ${results.durationSeconds} s on ${machine.cpus} cores, Node ${machine.node}.`);
  console.log('Wrote bench/results.json, docs/benchmarks.md and docs/benchmarks/figures.svg.');
}

/** Rewrites the page and chart from the stored results, e.g. after editing the report's wording. */
function rewriteReport(): void {
  const resultsFile = join(repositoryRoot, 'bench', 'results.json');
  const stored = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
  // Verdicts are derived data: recomputed, so a changed target or wording applies to the stored measurements.
  // The separate commands' files may be newer than the stored run.
  const withSeparateRuns = {
    ...stored,
    changes: storedResult<ChangesResult>('changes.json'),
    growthMillion: storedResult<LifecycleGrowthResult>('growth-million.json'),
  };
  const results: BenchResults = { ...withSeparateRuns, checks: checkTargets(withSeparateRuns) };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeReport(results, repositoryRoot);
  console.log(formatTable(results));
}

/** Measures `items` again into the stored results and rewrites the page. */
async function update(items: readonly string[]): Promise<void> {
  const unknown = items.filter((name) => !Object.hasOwn(UPDATABLE, name));
  if (items.length === 0 || unknown.length > 0) {
    throw new Error(`update: name items among ${Object.keys(UPDATABLE).join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
  }
  const resultsFile = join(repositoryRoot, 'bench', 'results.json');
  let stored = JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults;
  for (const name of items) {
    const { field, run } = UPDATABLE[name] as (typeof UPDATABLE)[string];
    const startedAt = performance.now();
    const loadAverageAtStart = Math.round((loadavg()[0] ?? 0) * 100) / 100;
    console.error(`▸ ${name}`);
    const measured = await run();
    const record: ItemUpdate = {
      item: name,
      at: new Date().toISOString(),
      loadAverageAtStart,
      durationSeconds: Math.round((performance.now() - startedAt) / 1000),
    };
    stored = {
      ...stored,
      [field]: measured,
      updates: [...(stored.updates ?? []).filter((earlier) => earlier.item !== name), record],
    };
    // Written after every item, so that a long update that fails keeps what it measured.
    writeFileSync(resultsFile, `${JSON.stringify(stored, null, 2)}\n`);
  }
  rewriteReport();
}

const [item, ...rest] = process.argv.slice(2);
if (item === 'report') rewriteReport();
else if (item === 'update') await update(rest);
else await (item ? runOne(item, rest[0]) : runAll());
