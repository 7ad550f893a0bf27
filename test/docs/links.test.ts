import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function markdownFiles(): string[] {
  const docs = readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md') && !name.startsWith(`api`))
    .map((name) => join(root, 'docs', name));
  return [join(root, 'README.md'), ...docs];
}

describe('links in the documentation', () => {
  it.each(markdownFiles().map((file) => [relative(root, file), file]))('%s links only to files that exist', (_, file) => {
    const text = readFileSync(file, 'utf8');
    const broken: string[] = [];
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1]!;
      if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
      const path = join(dirname(file), decodeURIComponent(target.split('#')[0]!));
      if (!existsSync(path)) broken.push(target);
    }
    expect(broken).toEqual([]);
  });
});
