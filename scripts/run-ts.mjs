// Runs a TypeScript entry point with Node: the repository has no TypeScript
// runner, so the entry is bundled with esbuild (already installed with tsup)
// into node_modules/.cache, dependencies left external, then imported.
// Usage: node scripts/run-ts.mjs path/to/entry.ts [args...]
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.mjs <entry.ts> [args...]');
  process.exit(2);
}
const outfile = resolve('node_modules/.cache/run-ts', `${basename(entry, '.ts')}-${process.pid}.mjs`);
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
process.argv = [process.argv[0] ?? 'node', outfile, ...args];
try {
  await import(pathToFileURL(outfile).href);
} finally {
  // Loaded already; the per-process bundle is of no further use.
  await rm(outfile, { force: true });
}
