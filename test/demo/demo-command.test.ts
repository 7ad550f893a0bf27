/**
 * `npm run demo`, the README's main demo command, run the way a user runs it:
 * as its own process. The browser tests start the demo server in-process, so
 * they cannot see what only the command does (how it loads the TypeScript
 * server, and that the relay can still load its optional peer `ws` after
 * start-up). A call between two kits over the demo's relay proves both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createCallKit, type CallKit, type RemoteInvitation } from '../../index.js';
import { connectWebSocketTransport } from '../../adapters/websocket/index.js';

let demo: ChildProcess | undefined;
const kits: CallKit[] = [];

afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
  if (demo && demo.exitCode === null && demo.signalCode === null) {
    demo.kill('SIGTERM');
    await once(demo, 'exit');
  }
  demo = undefined;
});

/** What `npm run demo` runs, read from package.json. */
const DEMO_SCRIPT = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> })
  .scripts['demo'];

/**
 * Starts the demo script on a free port and resolves with the URL it prints. Node is started
 * directly rather than through npm, so that the signal and the exit code are the demo's own.
 */
async function startDemo(): Promise<string> {
  expect(DEMO_SCRIPT).toBe('node demo/start.mjs');
  const child = spawn(process.execPath, ['demo/start.mjs', '--port', '0'], {
    cwd: new URL('../..', import.meta.url),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo = child;
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /call-invitation demo: (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`npm run demo exited with ${code} before it was ready:\n${output}`)));
  });
}

describe('npm run demo', () => {
  it('serves the page and a relay that connects a call, then stops on SIGTERM', async () => {
    const url = await startDemo();
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');

    const relay = (user: string) => `${url.replace('http:', 'ws:')}relay?user=${user}`;
    const alice = createCallKit({ userId: 'alice', transport: await connectWebSocketTransport({ url: relay('alice'), WebSocket }) });
    const bob = createCallKit({ userId: 'bob', transport: await connectWebSocketTransport({ url: relay('bob'), WebSocket }) });
    kits.push(alice, bob);
    bob.on('remoteInvitationReceived', (invitation: RemoteInvitation) => invitation.accept('on my way'));
    const invitation = alice.createLocalInvitation('bob');
    expect(invitation.send()).toBe('OK');
    expect(await invitation.outcome).toEqual({ state: 'ACCEPTED_BY_REMOTE', response: 'on my way' });

    await Promise.all(kits.splice(0).map((kit) => kit.close()));
    demo?.kill('SIGTERM');
    const [code, signal] = (await once(demo!, 'exit')) as [number | null, string | null];
    expect({ code, signal }).toEqual({ code: 0, signal: null });
  }, 60_000);
});
