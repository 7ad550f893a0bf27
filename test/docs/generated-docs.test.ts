import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { API_REFERENCE_DIRECTORY, writeApiReference } from '../../scripts/docs/api-reference.js';
import { DIAGRAMS_DIRECTORY, generateChartDocs } from '../../scripts/docs/generate.js';

const STALE = 'Generated docs are stale: run npm run docs and commit the result';

async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** Every file under `directory`, as paths relative to it, sorted. */
async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe('the committed docs', () => {
  it('match what npm run docs generates from the charts (machines.md, api-errors.md, diagrams, snippets)', async () => {
    const generated = await generateChartDocs();
    const stale: string[] = [];
    for (const file of generated) {
      if ((await readIfPresent(file.path)) !== file.content) stale.push(file.path);
    }
    const wantedDiagrams = new Set(generated.map((file) => file.path));
    for (const name of await filesUnder(DIAGRAMS_DIRECTORY)) {
      const path = `${DIAGRAMS_DIRECTORY}/${name}`;
      if (!wantedDiagrams.has(path)) stale.push(`${path} (no chart produces it)`);
    }
    expect(stale, STALE).toEqual([]);
  });

  it('include the TypeDoc API reference in docs/api, as TypeDoc writes it today', async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'call-invitation-api-'));
    try {
      await writeApiReference(scratch);
      const expected = await filesUnder(scratch);
      const committed = await filesUnder(API_REFERENCE_DIRECTORY);
      expect(committed, STALE).toEqual(expected);
      const stale: string[] = [];
      for (const name of expected) {
        const fresh = await readFile(join(scratch, name), 'utf8');
        if ((await readIfPresent(join(API_REFERENCE_DIRECTORY, name))) !== fresh) stale.push(`${API_REFERENCE_DIRECTORY}/${name}`);
      }
      expect(stale, STALE).toEqual([]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }, 60_000);
});
