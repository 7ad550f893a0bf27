/** Vitest global setup of the browser project: finds Chromium once and hands it to every browser test file. */
import type { TestProject } from 'vitest/node';
import { resolveChromium, type ChromiumLaunch } from './chromium.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromium: ChromiumLaunch;
  }
}

export default async function provideChromium(project: TestProject): Promise<void> {
  const chromium = await resolveChromium();
  // Says which browser ran, so a log shows whether the npm fallback was exercised.
  console.log(`browser tests: ${chromium.source} Chromium at ${chromium.executablePath}`);
  project.provide('chromium', chromium);
}
