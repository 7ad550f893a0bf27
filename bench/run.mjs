// Entry point of `npm run bench`. tsx is not a dependency, so the TypeScript
// benchmarks are bundled with esbuild (already installed through tsup) and run
// with plain Node. Every item runs in its own child process (see bench/main.ts)
// so that heap figures are not polluted by what ran before.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const benchDirectory = dirname(fileURLToPath(import.meta.url));
// BENCH_BUILD_NAME lets a long run (callgrind, the million-lifecycle growth check) keep its own build while
// another run rebuilds. The build stays under node_modules so that its external imports resolve.
const outdir = join(benchDirectory, '..', 'node_modules', '.cache', process.env.BENCH_BUILD_NAME ?? 'bench');

const itemEntries = readdirSync(join(benchDirectory, 'items'))
  .filter((name) => name.endsWith('.ts'))
  .map((name) => join(benchDirectory, 'items', name));

await build({
  entryPoints: [join(benchDirectory, 'main.ts'), ...itemEntries],
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
});

const child = spawn(process.execPath, ['--enable-source-maps', join(outdir, 'main.mjs'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_BUILD_DIRECTORY: outdir },
});
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
