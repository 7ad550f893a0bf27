/**
 * An app that lacks an optional peer is told which package to install and
 * which subpath needs it. Runs the built package (dist/, as `npm test` builds
 * it) from a scratch app folder where only xstate is installed, in fresh Node
 * processes, through both the ESM and the CommonJS entries.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PEER_GUARDED_ENTRIES } from '../../scripts/build/peer-guarded-entries.js';

const run = promisify(execFile);
const repository = fileURLToPath(new URL('../..', import.meta.url));
const dist = join(repository, 'dist');

interface Outcome {
  loaded: boolean;
  message?: string;
  exports?: string[];
}

let app: string;

/** Runs `body` (which sets `outcome`) in a fresh Node process inside the scratch app, as ESM or CommonJS. */
async function inApp(kind: 'esm' | 'cjs', body: string): Promise<Outcome> {
  const load = kind === 'esm' ? 'await import' : 'require';
  const script = `
    const load = async (specifier) => ${load}(specifier);
    let outcome;
    try {
      ${body}
    } catch (error) {
      outcome = { loaded: false, message: String(error && error.message) };
    }
    process.stdout.write(JSON.stringify(outcome));
  `;
  const args = kind === 'esm' ? ['--input-type=module', '-e', script] : ['-e', `(async () => { ${script} })()`];
  const { stdout } = await run(process.execPath, args, { cwd: app, timeout: 30_000 });
  return JSON.parse(stdout) as Outcome;
}

function importing(specifier: string): string {
  return `const module = await load(${JSON.stringify(specifier)});
      outcome = { loaded: true, exports: Object.keys(module).filter((name) => name !== 'default').sort() };`;
}

function calling(specifier: string, call: string): string {
  return `const module = await load(${JSON.stringify(specifier)});
      await module.${call};
      outcome = { loaded: true };`;
}

function expectNamesPeer(outcome: Outcome, peer: string, subpath: string): void {
  expect(outcome.loaded).toBe(false);
  expect(outcome.message).toContain(`${subpath} needs the optional peer dependency "${peer}"`);
  expect(outcome.message).toContain(`npm install ${peer}`);
}

beforeAll(async () => {
  if (!existsSync(join(dist, 'index.js')) || !existsSync(join(dist, 'react.node.js'))) {
    throw new Error('dist/ is missing or predates the peer guards: run `npm run build` first (npm test does)');
  }
  app = await mkdtemp(join(tmpdir(), 'call-invitation-missing-peers-'));
  const installed = join(app, 'node_modules', 'call-invitation');
  await mkdir(installed, { recursive: true });
  // A copy, not a link: Node resolves a linked package from its real path, where every peer is installed.
  await cp(dist, join(installed, 'dist'), { recursive: true });
  await writeFile(join(installed, 'package.json'), await readFile(join(repository, 'package.json')));
  await symlink(join(repository, 'node_modules', 'xstate'), join(app, 'node_modules', 'xstate'), 'dir');
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app-without-peers', private: true }));
}, 60_000);

afterAll(async () => {
  if (app) await rm(app, { recursive: true, force: true });
});

describe.each(['esm', 'cjs'] as const)('an app without the optional peers (%s)', (kind) => {
  it('is told to install react when it imports call-invitation/react', async () => {
    expectNamesPeer(await inApp(kind, importing('call-invitation/react')), 'react', 'call-invitation/react');
  });

  it('is told to install mqtt when it connects with call-invitation/adapters/mqtt', async () => {
    const outcome = await inApp(
      kind,
      calling('call-invitation/adapters/mqtt', "connectMqttTransport({ url: 'mqtt://127.0.0.1:1', userId: 'alice' })"),
    );
    expectNamesPeer(outcome, 'mqtt', 'call-invitation/adapters/mqtt');
  });

  it('is told to install ws when it starts a relay with call-invitation/adapters/websocket-server', async () => {
    const outcome = await inApp(kind, calling('call-invitation/adapters/websocket-server', 'createRelayServer({ authenticate: () => null })'));
    expectNamesPeer(outcome, 'ws', 'call-invitation/adapters/websocket-server');
  });

  it('is told to install ws when the WebSocket client runs on a host without a global WebSocket', async () => {
    const outcome = await inApp(
      kind,
      `delete globalThis.WebSocket;
      ${calling('call-invitation/adapters/websocket', "connectWebSocketTransport({ url: 'ws://127.0.0.1:1', reconnect: false })")}`,
    );
    expect(outcome.loaded).toBe(false);
    expect(outcome.message).toContain('install the optional peer dependency "ws" (`npm install ws`)');
  });

  it('imports every subpath that needs no peer to load: the root, memory, WebSocket client, BroadcastChannel, Redis and NATS adapters', async () => {
    // Redis and NATS take the app's own client, so they never import a client library themselves.
    for (const subpath of ['', '/machines', '/adapters/memory', '/adapters/websocket', '/adapters/broadcast-channel', '/adapters/redis', '/adapters/nats']) {
      const outcome = await inApp(kind, importing(`call-invitation${subpath}`));
      expect(outcome, subpath).toMatchObject({ loaded: true });
      expect(outcome.exports?.length, subpath).toBeGreaterThan(0);
    }
  });
});

describe('an app that has installed the peer', () => {
  beforeAll(async () => {
    for (const peer of ['react', 'ws']) {
      const target = join(app, 'node_modules', peer);
      await mkdir(dirname(target), { recursive: true });
      await symlink(join(repository, 'node_modules', peer), target, 'dir');
    }
  });

  it.each(['esm', 'cjs'] as const)('gets the hooks of call-invitation/react through the Node entry (%s)', async (kind) => {
    const outcome = await inApp(kind, importing('call-invitation/react'));
    expect(outcome).toEqual({ loaded: true, exports: ['incomingInvitationListOf', 'useCallKit', 'useIncomingInvitations', 'useInvitation'] });
  });

  it.each(['esm', 'cjs'] as const)('starts a relay with ws (%s)', async (kind) => {
    const outcome = await inApp(
      kind,
      `const { createRelayServer } = await load('call-invitation/adapters/websocket-server');
      const relay = await createRelayServer({ authenticate: () => null });
      await relay.close();
      outcome = { loaded: true };`,
    );
    expect(outcome).toEqual({ loaded: true });
  });
});

describe('the browser build of the WebSocket client', () => {
  it('never reaches ws from dist/adapters/websocket.js, so browsers run it on their native WebSocket', async () => {
    const seen = new Set<string>();
    const bareSpecifiers = new Set<string>();
    const pending = [join(dist, 'adapters', 'websocket.js')];
    while (pending.length > 0) {
      const file = pending.pop() as string;
      if (seen.has(file)) continue;
      seen.add(file);
      const code = await readFile(file, 'utf8');
      for (const [, specifier] of code.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["']([^"']+)["']/g)) {
        if (specifier === undefined) continue;
        if (specifier.startsWith('.')) pending.push(resolve(dirname(file), specifier));
        else bareSpecifiers.add(specifier);
      }
    }
    expect(seen.size).toBeGreaterThan(1);
    expect([...bareSpecifiers]).not.toContain('ws');
    expect([...bareSpecifiers].every((specifier) => specifier === 'xstate')).toBe(true);
  });
});

describe('the guarded Node entries', () => {
  it('cover the subpaths whose code imports a peer statically, and package.json maps the node condition to them', async () => {
    const manifest = JSON.parse(await readFile(join(repository, 'package.json'), 'utf8')) as {
      exports: Record<string, { import: Record<string, string>; require: Record<string, string> } | string>;
    };
    for (const guarded of PEER_GUARDED_ENTRIES) {
      const subpath = `.${guarded.subpath.slice('call-invitation'.length)}`;
      const conditions = manifest.exports[subpath];
      expect(typeof conditions).toBe('object');
      if (typeof conditions !== 'object') continue;
      expect(conditions.import.node).toBe(`./dist/${guarded.entry}.node.js`);
      expect(conditions.require.node).toBe(`./dist/${guarded.entry}.node.cjs`);
    }
  });
});
