import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { localStorageStore } from '../../examples/persistence/browser-stores.mjs';
import { fileStore } from '../../examples/persistence/node-stores.mjs';
import type { PersistedCallKit } from '../../persistence.js';

const directories: string[] = [];
async function temporaryDirectory(): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), 'call-invitation-test-'));
  directories.push(directory);
  return directory;
}
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

const snapshot: PersistedCallKit = { format: 'call-invitation/kit', version: 1, userId: 'bob', deviceId: 'phone', savedAt: 1, invitations: [], ended: [] };

describe('examples/persistence-and-push.mjs', () => {
  it('pushes the call to the offline phone, rings it, restores it after a kill, and connects', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['examples/persistence-and-push.mjs'], { timeout: 15_000 });
    expect(stdout.trim().split('\n')).toEqual([
      'alice: bob is offline, push the invite (answer within 30 s)',
      'bob: push → ringing',
      'bob: alice is calling',
      'alice: ringing at bob',
      'bob: app killed',
      'bob: restored, INVITATION_RECEIVED',
      'alice: accepted, "on my way"',
      'bob: connected, join room-1',
    ]);
  });
});

describe('the example stores', () => {
  it('fileStore returns the last snapshot saved, and undefined for a missing or torn file', async () => {
    const path = join(await temporaryDirectory(), 'kit.json');
    const store = fileStore(path);
    expect(await store.load()).toBeUndefined();
    void store.save({ ...snapshot, savedAt: 1 });
    await store.save({ ...snapshot, savedAt: 2 });
    expect(await store.load()).toEqual({ ...snapshot, savedAt: 2 });
    await writeFile(path, '{"format":"call-invi');
    expect(await store.load()).toBeUndefined();
  });

  it('localStorageStore returns the last snapshot saved, and undefined for a missing or unreadable entry', () => {
    const entries = new Map<string, string>();
    const storage = {
      getItem: (key: string) => entries.get(key) ?? null,
      setItem: (key: string, value: string) => void entries.set(key, value),
    };
    const store = localStorageStore('kit', storage);
    expect(store.load()).toBeUndefined();
    store.save(snapshot);
    expect(store.load()).toEqual(snapshot);
    entries.set('kit', 'not json');
    expect(store.load()).toBeUndefined();
  });
});
