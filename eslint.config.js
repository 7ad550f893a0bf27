// Lint: the import boundaries between the package's layers (arrows only point down).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import { importBoundaries } from './lint/import-boundaries.js';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Which layers each layer may import, itself included. protocol/ is the wire
 * format at the bottom; machines/ are pure charts over it; adapters/ move
 * bytes and may share protocol/'s limits, but know nothing of charts or the
 * kit; kit/ joins charts, protocol and a transport; react/ sits on the kit.
 * Nothing shipped imports the tests, the demo, the benchmarks or the scripts.
 */
const layers = {
  protocol: ['protocol'],
  machines: ['machines', 'protocol'],
  adapters: ['adapters', 'protocol'],
  kit: ['kit', 'machines', 'protocol', 'adapters'],
  react: ['react', 'kit', 'machines', 'protocol', 'adapters'],
};

export default defineConfig(
  { ignores: ['dist/**', 'node_modules/**', 'docs/**', 'coverage/**', 'test-results/**', '.vitest-cache/**'] },
  {
    // Only the shipped layers have boundaries; the tests, demo and benchmarks may import anything.
    files: ['{protocol,machines,adapters,kit,react}/**/*.{ts,tsx}'],
    languageOptions: { parser: tseslint.parser, ecmaVersion: 'latest', sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    plugins: { 'call-invitation': { rules: { 'import-boundaries': importBoundaries } } },
    rules: { 'call-invitation/import-boundaries': ['error', { root, layers }] },
  },
);
