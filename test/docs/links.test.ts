import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The repository's web address, from package.json "repository" (git+https://…/owner/name.git). */
function repositoryAddress(): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { repository?: { url?: string } };
  const url = manifest.repository?.url;
  if (!url) throw new Error('package.json has no repository.url');
  return url.replace(/^git\+/, '').replace(/\.git$/, '');
}

const repository = repositoryAddress();
const [owner, name] = new URL(repository).pathname.split('/').filter(Boolean);
/** Addresses that show one of the repository's own files on the main branch. */
const ownFilePrefixes = [`${repository}/blob/main/`, `${repository}/tree/main/`, `https://raw.githubusercontent.com/${owner}/${name}/main/`];

function linksIn(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!);
}

function isExternal(target: string): boolean {
  return /^[a-z]+:/i.test(target);
}

function existsInRepository(path: string): boolean {
  return existsSync(join(root, decodeURIComponent(path.split('#')[0]!)));
}

function docsMarkdownFiles(): string[] {
  return readdirSync(join(root, 'docs'), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.md') && !name.startsWith(`api`))
    .map((name) => join(root, 'docs', name));
}

describe('links in the documentation', () => {
  it.each(docsMarkdownFiles().map((file) => [relative(root, file), file]))('%s links only to files that exist', (_, file) => {
    const broken = linksIn(file).filter((target) => {
      if (isExternal(target) || target.startsWith('#')) return false;
      return !existsSync(join(dirname(file), decodeURIComponent(target.split('#')[0]!)));
    });
    expect(broken).toEqual([]);
  });

  // npm shows the README away from the repository, where a relative link or image breaks.
  it('README.md links and images use absolute addresses, so they work on the npm page', () => {
    expect(linksIn(join(root, 'README.md')).filter((target) => !isExternal(target) && !target.startsWith('#'))).toEqual([]);
  });

  it('README.md links into the repository name files that exist', () => {
    const ownLinks = linksIn(join(root, 'README.md')).flatMap((target) => {
      const prefix = ownFilePrefixes.find((candidate) => target.startsWith(candidate));
      return prefix ? [target.slice(prefix.length)] : [];
    });
    expect(ownLinks.length).toBeGreaterThan(0);
    expect(ownLinks.filter((path) => !existsInRepository(path))).toEqual([]);
  });

  it('README.md links into the repository only through main-branch addresses this test can check', () => {
    const unchecked = linksIn(join(root, 'README.md')).filter(
      (target) => (target.startsWith(repository) || target.includes(`/${owner}/${name}/`)) && !ownFilePrefixes.some((prefix) => target.startsWith(prefix)),
    );
    expect(unchecked).toEqual([]);
  });
});
