import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface Manifest {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  devDependencies?: Record<string, string>;
  exports: Record<string, unknown>;
  typesVersions?: Record<string, Record<string, string[]>>;
  repository?: { type?: string; url?: string };
  homepage?: string;
  bugs?: { url?: string };
  keywords?: string[];
}

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as Manifest;

/** The path TypeScript's node10 resolution reaches for `subpath` through typesVersions["*"], if any. */
function node10TypesFor(subpath: string): string | undefined {
  for (const [pattern, [target]] of Object.entries(manifest.typesVersions?.['*'] ?? {})) {
    if (pattern === subpath) return target;
    if (pattern.endsWith('/*') && subpath.startsWith(pattern.slice(0, -1))) return target?.replace('*', subpath.slice(pattern.length - 1));
  }
  return undefined;
}

describe('package.json', () => {
  it('leaves XState to the app as a required peer, so an app never bundles two XState runtimes', () => {
    expect(manifest.dependencies?.['xstate']).toBeUndefined();
    expect(manifest.peerDependencies?.['xstate']).toMatch(/^\^5\./);
    expect(manifest.peerDependenciesMeta?.['xstate']?.optional).not.toBe(true);
    expect(manifest.devDependencies?.['xstate']).toBe(manifest.peerDependencies?.['xstate']);
  });

  it('points node10 type resolution at the same declarations as "exports" for every subpath', () => {
    const subpaths = Object.keys(manifest.exports).filter((subpath) => subpath !== '.' && subpath !== './package.json');
    expect(subpaths.length).toBeGreaterThan(0);
    for (const subpath of subpaths) {
      const entry = manifest.exports[subpath] as { import: { types: string } };
      expect(node10TypesFor(subpath.slice(2)), subpath).toBe(entry.import.types);
    }
  });

  it('names the repository, home page, issue tracker and keywords for the npm page', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: 'git+https://github.com/call-invitation/call-invitation.git' });
    expect(manifest.homepage).toBe('https://github.com/call-invitation/call-invitation#readme');
    expect(manifest.bugs?.url).toBe('https://github.com/call-invitation/call-invitation/issues');
    expect(manifest.keywords).toEqual(expect.arrayContaining(['xstate', 'statechart']));
  });
});
