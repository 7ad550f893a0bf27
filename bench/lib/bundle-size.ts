/**
 * Sizes of the browser bundle a user ships: kit + charts + the browser
 * transports (WebSocket client, BroadcastChannel), XState included, minified by esbuild and gzipped by node:zlib.
 * Shared by benchmark item 5 and by test/bundle-size.test.ts, so the report
 * and the budget enforced in `npm test` measure the same thing.
 */
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The package root, found upwards from this file: it runs from source (vitest) and bundled (bench). */
function findRepositoryRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(directory, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'call-invitation') {
      return directory;
    }
    const parent = dirname(directory);
    if (parent === directory) throw new Error('cannot find the call-invitation package root');
    directory = parent;
  }
}

const repositoryRoot = findRepositoryRoot();

/** Gzipped budget of the kit + charts + browser transports bundle, in bytes; see docs/benchmarks.md for why this figure. */
export const BROWSER_BUNDLE_BUDGET_BYTES = 20 * 1024;

/**
 * What the same bundle may not grow past, in bytes, until it is back under the budget. The budget
 * is the target (benchmark item 5 reports it, met or not). Since protocol v2, the abuse bounds and
 * the listener options the bundle is over it: 22 843 B when a 23 KB ceiling was set, then 23 668 B
 * after the SETTLED final state, the restore and push hooks (RESTORED in the charts) and the glare
 * routing as a pure function, when the ceiling was raised to 24 KB. `npm test` holds it here so that
 * nothing grows it further unnoticed. See docs/benchmarks.md.
 */
export const BROWSER_BUNDLE_CEILING_BYTES = 24 * 1024;

export interface BundleSize {
  readonly minifiedBytes: number;
  readonly gzippedBytes: number;
}

/**
 * Bundles `source` (an ES module that re-exports what an app would import)
 * for browsers and measures it. Modules named in `external` are left out,
 * e.g. `['xstate']` to measure the package's own code alone.
 */
export async function measureBundle(source: string, external: readonly string[] = []): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: repositoryRoot, sourcefile: 'bundle-entry.ts', loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    treeShaking: true,
    external: [...external],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents;
  if (!code) throw new Error('esbuild produced no output');
  return { minifiedBytes: code.byteLength, gzippedBytes: gzipSync(code, { level: 9 }).byteLength };
}

/** What a browser app imports to place and answer calls over the WebSocket relay. */
export const KIT_WITH_WEBSOCKET_ENTRY = [
  "export { createCallKit } from './index.ts';",
  "export { connectWebSocketTransport } from './adapters/websocket/index.ts';",
].join('\n');

/**
 * What a browser app imports to call over the relay and between its own tabs:
 * the kit, the WebSocket client and the BroadcastChannel adapter in one
 * bundle. This is the combination the budget is enforced on.
 */
export const KIT_WITH_BROWSER_TRANSPORTS_ENTRY = [
  KIT_WITH_WEBSOCKET_ENTRY,
  "export { createBroadcastChannelTransport } from './adapters/broadcast-channel.ts';",
].join('\n');

/** The XState runtime the charts use, on its own: what XState contributes to the bundle above. */
export const XSTATE_RUNTIME_ENTRY =
  "export { and, assign, createActor, emit, enqueueActions, getNextSnapshot, not, or, setup } from 'xstate';";

/**
 * The least any app running an XState 5 machine ships: `createMachine` and
 * `createActor`, nothing else. What is left of the budget after it is all
 * that could ever be spent on the package's own code.
 */
export const XSTATE_FLOOR_ENTRY = "export { createActor, createMachine } from 'xstate';";
