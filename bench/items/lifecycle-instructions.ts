/**
 * Item 1, load-independent: instructions per accepted lifecycle, counted by
 * `valgrind --tool=callgrind`, for each contender of `lifecycle-throughput`.
 * Each contender runs twice in its own process (`node --single-threaded`, so
 * that garbage collection and compilation run on the counted thread, in the
 * same order every time), with `small` and then `large` lifecycles; the
 * difference divided by `large - small` is the cost of one lifecycle, without
 * Node's start-up and module loading, and, as long as `small` lifecycles are
 * enough to warm the JIT up, without its warm-up (with 100 and 500 the kit
 * measured 6.5 M instructions per lifecycle, with 200 and 1,000 3.9 M: too
 * few lifecycles count compilation as work). No timer but the linger can fire
during a run (see the worker): with the default one-second re-send, two runs
of one build differed by 27%, as the machine's load decided how many
re-sends fell inside the slowed-down run. Wall time on
 * a loaded machine varies from run to run; this count does not (see
 * `repeat`: the same measurement again, to show how far it moves).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { itemParameters, progress, runAsItem } from '../lib/child-process.js';
import { round } from '../lib/statistics.js';

type Contender = 'statecharts' | 'hand-written' | 'charts-only' | 'charts-table';

const parameters = itemParameters({
  small: 1_000,
  large: 2_000,
  repeat: 2,
  contenders: ['statecharts', 'hand-written', 'charts-only'] as Contender[],
});

export interface LifecycleInstructionsResult {
  readonly small: number;
  readonly large: number;
  /** Instructions per lifecycle, one figure per repetition, by contender. */
  readonly instructionsPerLifecycle: Readonly<Partial<Record<Contender, readonly number[]>>>;
  /** Hand-written over kit instructions per lifecycle: the throughput ratio on a machine where only the CPU counts. */
  readonly ratio: number | undefined;
  /** The same for the charts alone. */
  readonly chartsOnlyRatio: number | undefined;
  /** The same for the charts alone on the table evaluator (bench/lib/table-evaluator.ts). */
  readonly chartsTableRatio?: number | undefined;
  /** Largest relative difference between repetitions of one contender. */
  readonly repeatability: number;
}

/** Total instructions (Ir) of one worker run under callgrind. */
function countInstructions(contender: Contender, lifecycles: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'valgrind',
      [
        '--tool=callgrind',
        '--callgrind-out-file=/dev/null',
        process.execPath,
        '--single-threaded',
        join(import.meta.dirname, 'lifecycle-instructions-worker.mjs'),
        JSON.stringify({ contender, lifecycles }),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const collected = /Collected : (\d+)/.exec(stderr);
      if (code === 0 && collected) resolve(Number(collected[1]));
      else reject(new Error(`callgrind run of ${contender} (${lifecycles}) failed with code ${String(code)}:\n${stderr.slice(-2000)}`));
    });
  });
}

runAsItem(async (): Promise<LifecycleInstructionsResult> => {
  const perLifecycle: Partial<Record<Contender, number[]>> = {};
  // Counts do not depend on load, so every contender and repetition runs at once.
  const runs = parameters.contenders.flatMap((contender) =>
    Array.from({ length: parameters.repeat }, async () => {
      const small = await countInstructions(contender, parameters.small);
      const large = await countInstructions(contender, parameters.large);
      const each = Math.round((large - small) / (parameters.large - parameters.small));
      progress(`callgrind ${contender}: ${each.toLocaleString('en-US')} instructions per lifecycle`);
      return { contender, each };
    }),
  );
  for (const { contender, each } of await Promise.all(runs)) (perLifecycle[contender] ??= []).push(each);
  const mean = (values: readonly number[] | undefined) =>
    values ? values.reduce((sum, value) => sum + value, 0) / values.length : Number.NaN;
  const kit = mean(perLifecycle.statecharts);
  const baseline = mean(perLifecycle['hand-written']);
  const chartsOnly = mean(perLifecycle['charts-only']);
  const chartsTable = mean(perLifecycle['charts-table']);
  const repeatability = Math.max(
    0,
    ...Object.values(perLifecycle).map((values) => (Math.max(...values) - Math.min(...values)) / mean(values)),
  );
  return {
    small: parameters.small,
    large: parameters.large,
    instructionsPerLifecycle: perLifecycle,
    ratio: Number.isFinite(kit / baseline) ? round(baseline / kit) : undefined,
    chartsOnlyRatio: Number.isFinite(chartsOnly / baseline) ? round(baseline / chartsOnly) : undefined,
    chartsTableRatio: Number.isFinite(chartsTable / baseline) ? round(baseline / chartsTable) : undefined,
    repeatability: round(repeatability, 4),
  };
});
