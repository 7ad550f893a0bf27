/**
 * Starts a private broker process with a given configuration (ACLs the
 * shared test brokers do not have), on a free port, and stops it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running private broker. */
export interface PrivateBroker {
  port: number;
  stop(): Promise<void>;
}

/** Asks the OS for a port nobody listens on. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Writes `files` into a temporary directory, runs `command` with `args(dir, port)`,
 * and resolves once the port accepts connections. Fails with the broker's own
 * output if it exits or never listens.
 */
export async function startPrivateBroker(
  command: string,
  files: Record<string, string>,
  args: (directory: string, port: number) => string[],
  configFor: (directory: string, port: number) => Record<string, string> = () => ({}),
): Promise<PrivateBroker> {
  const directory = await mkdtemp(join(tmpdir(), 'call-invitation-broker-'));
  const port = await freePort();
  const allFiles = { ...files, ...configFor(directory, port) };
  for (const [name, content] of Object.entries(allFiles)) await writeFile(join(directory, name), content);
  let output = '';
  let child: ChildProcess;
  try {
    child = spawn(command, args(directory, port), { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`cannot run ${command} (install it, or run scripts/ensure-services.sh on Debian)`, { cause: error });
  }
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let spawnError: Error | null = null;
  child.once('error', (error) => (spawnError = error));

  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (spawnError !== null || child.exitCode !== null || Date.now() > deadline) {
      child.kill();
      await rm(directory, { recursive: true, force: true });
      throw new Error(`${command} did not start on port ${port}: ${String(spawnError ?? '')}\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(directory, { recursive: true, force: true });
    },
  };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
