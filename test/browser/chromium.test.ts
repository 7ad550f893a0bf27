import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { resolveChromium } from './chromium.js';

describe('the Chromium the browser tests launch', () => {
  it('is the one installed at the preferred path when that file exists', async () => {
    // Any existing file stands for an installed Chromium: only the choice is under test here.
    const installed = process.execPath;
    const chosen = await resolveChromium(installed);
    expect(chosen).toMatchObject({ source: 'system', executablePath: installed });
    expect(chosen.args).toContain('--headless');
  });

  it('is the npm one from @sparticuz/chromium when nothing is installed at the preferred path', async () => {
    const chosen = await resolveChromium(join(tmpdir(), 'no-chromium-here', 'chromium'));
    expect(chosen.source).toBe('npm');
    expect(existsSync(chosen.executablePath)).toBe(true);
    expect(chosen.args).not.toContain('--disable-web-security');
    expect(chosen.args).toContain('--disable-background-networking');
  });
});
