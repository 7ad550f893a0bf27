/**
 * Which Chromium the browser tests drive: the system's when there is one, else
 * the Linux x64 build that the `@sparticuz/chromium` dev dependency ships, so a
 * fresh `npm ci && npm test` needs nothing installed by hand.
 */
import { existsSync } from 'node:fs';

/** How to launch Chromium under playwright-core, and where it came from. */
export interface ChromiumLaunch {
  readonly executablePath: string;
  readonly args: readonly string[];
  readonly source: 'system' | 'npm';
}

/** Debian's Chromium (`apt-get install chromium`). `CHROMIUM_PATH` names another one to prefer. */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** The machine has a closed network: without these, Chromium keeps trying to reach Google's hosts. */
const QUIET_NETWORK = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Flags of `@sparticuz/chromium` the tests leave out: they switch off the
 * same-origin checks a real user's browser makes, and the demo must work without that.
 */
const WEAKENING_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content']);

/**
 * Picks the Chromium to launch. The npm build unpacks itself into the
 * temporary directory on first use, so call this once per run (the browser
 * tests' global setup does) rather than from parallel test files.
 */
export async function resolveChromium(systemPath: string = process.env['CHROMIUM_PATH'] ?? SYSTEM_CHROMIUM): Promise<ChromiumLaunch> {
  if (existsSync(systemPath)) {
    return { executablePath: systemPath, args: ['--headless', '--no-sandbox', '--disable-gpu', ...QUIET_NETWORK], source: 'system' };
  }
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `No Chromium at ${systemPath}, and the npm Chromium (@sparticuz/chromium) runs only on Linux x64. ` +
        'Install Chromium and point CHROMIUM_PATH at it.',
    );
  }
  const { default: npmChromium } = await import('@sparticuz/chromium');
  const executablePath = await npmChromium.executablePath();
  const args = npmChromium.args.filter((flag) => !WEAKENING_FLAGS.has(flag));
  return { executablePath, args: [...args, ...QUIET_NETWORK], source: 'npm' };
}
