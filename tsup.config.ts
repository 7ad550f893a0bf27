import { defineConfig } from 'tsup';

/**
 * One entry per public subpath of package.json "exports". Splitting keeps the
 * machines and protocol in shared chunks, so `call-invitation` and
 * `call-invitation/machines` load one copy of each chart.
 */
export default defineConfig({
  entry: {
    index: 'index.ts',
    machines: 'machines/index.ts',
    'adapters/memory': 'adapters/memory.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: ['xstate'],
});
