import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const quickstart = readFileSync(new URL('../examples/quickstart.mjs', import.meta.url), 'utf8');

function codeBlockAfter(marker: string): string {
  const start = readme.indexOf(marker);
  if (start < 0) throw new Error(`README.md has no ${marker}`);
  const fenced = /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!fenced?.[1]) throw new Error(`README.md has no code block after ${marker}`);
  return fenced[1];
}

describe('the README quickstart', () => {
  it('is examples/quickstart.mjs, verbatim', () => {
    expect(codeBlockAfter('<!-- quickstart')).toBe(quickstart);
  });

  it('runs against the built package and prints what the README says', async () => {
    expect(existsSync(new URL('../dist/index.js', import.meta.url)), 'dist/ is missing: run npm run build').toBe(true);
    const { stdout } = await promisify(execFile)(process.execPath, ['examples/quickstart.mjs'], {
      cwd: new URL('..', import.meta.url),
      timeout: 10_000,
    });
    expect(stdout).toBe(codeBlockAfter('It prints:'));
  });
});
