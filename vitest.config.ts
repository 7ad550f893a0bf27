import { readFileSync, readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const ALL_TESTS = 'test/**/*.test.ts';
const BROWSER_TESTS = 'test/browser/**/*.test.ts';

/**
 * Test files that talk to a broker: those that import the broker checks or
 * start a private broker. Found by reading the files, so a new adapter test
 * cannot slip into the unit project by a forgotten list entry.
 */
function brokerTests(): string[] {
  return readdirSync('test', { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.test.ts') && !name.startsWith('browser'))
    .map((name) => `test/${name.replaceAll('\\', '/')}`)
    .filter((file) => /from '[./]*\/(adapters\/)?(brokers|private-broker)\.js'/.test(readFileSync(file, 'utf8')));
}

const brokers = brokerTests();

/**
 * Three projects, all run by `vitest run` (npm test):
 * - unit: no broker, no browser (`npm run test:unit`);
 * - brokers: real Redis, NATS and Mosquitto, started if down;
 * - browser: the demo in Chromium, the system's or the npm one.
 */
export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    projects: [
      { extends: true, test: { name: 'unit', include: [ALL_TESTS], exclude: [BROWSER_TESTS, ...brokers] } },
      { extends: true, test: { name: 'brokers', include: brokers, globalSetup: ['test/adapters/brokers-global-setup.ts'] } },
      { extends: true, test: { name: 'browser', include: [BROWSER_TESTS], globalSetup: ['test/browser/global-setup.ts'] } },
    ],
  },
});
