/**
 * Every benchmark item runs in a fresh Node process with `--expose-gc`, so heap
 * figures start from a clean heap and one item's garbage never lands in
 * another's timing. The item sends its result back over the IPC channel.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';

const buildDirectory = process.env.BENCH_BUILD_DIRECTORY ?? '';

/** Runs `bench/items/<item>.ts` (bundled) and resolves with the result it reports. */
export function runItem<Result>(item: string, parameters: unknown = {}, extraNodeOptions: string[] = []): Promise<Result> {
  if (buildDirectory === '') throw new Error('run the benchmarks through `npm run bench` (bench/run.mjs)');
  return new Promise((resolve, reject) => {
    let result: Result | undefined;
    const child = fork(join(buildDirectory, 'items', `${item}.mjs`), [JSON.stringify(parameters)], {
      execArgv: ['--expose-gc', '--enable-source-maps', ...extraNodeOptions],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.on('message', (message) => {
      result = message as Result;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`benchmark item ${item} exited with code ${String(code)}${result === undefined ? ' without a result' : ''}`));
    });
  });
}

/** In an item: the parameters its parent passed. */
export function itemParameters<Parameters>(defaults: Parameters): Parameters {
  const given = process.argv[2];
  return given ? { ...defaults, ...(JSON.parse(given) as Partial<Parameters>) } : defaults;
}

/**
 * In an item: runs `measure`, sends its result to the parent and exits. The
 * exit is explicit because some items leave client sockets to the OS.
 */
export function runAsItem<Result>(measure: () => Promise<Result>): void {
  measure().then(
    (result) => {
      if (process.send) process.send(result, () => process.exit(0));
      else {
        console.log(JSON.stringify(result, null, 2));
        process.exit(0);
      }
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** Progress lines on stderr, so they never mix with the final table. */
export function progress(line: string): void {
  process.stderr.write(`  · ${line}\n`);
}
