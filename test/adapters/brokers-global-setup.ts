/**
 * Vitest global setup of the broker project: starts a local broker that is
 * down (scripts/ensure-services.sh), or stops the run naming what is missing
 * and how to get it, before any adapter test times out against a closed port.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BROKERS, isReachable, type Broker } from './brokers.js';

/** The program that serves each broker (also spawned by private-broker.ts), and its Debian package. */
const SERVERS: ReadonlyArray<{ broker: Broker; program: string; debianPackage: string }> = [
  { broker: BROKERS.redis, program: 'redis-server', debianPackage: 'redis-server' },
  { broker: BROKERS.nats, program: 'nats-server', debianPackage: 'nats-server' },
  { broker: BROKERS.mosquitto, program: 'mosquitto', debianPackage: 'mosquitto' },
];

function isInstalled(program: string): boolean {
  const directories = (process.env['PATH'] ?? '').split(delimiter).filter(Boolean);
  return directories.some((directory) => existsSync(join(directory, program)));
}

function named(broker: Broker): string {
  return `${broker.name} (${broker.host}:${broker.port})`;
}

export default async function startBrokers(): Promise<void> {
  // The ACL tests spawn private mosquitto and nats-server processes even when the shared brokers run elsewhere.
  const missing = SERVERS.filter(({ program }) => !isInstalled(program));
  if (missing.length > 0) {
    throw new Error(
      `The adapter tests need programs missing from PATH: ${missing.map(({ program }) => program).join(', ')}. ` +
        `On Debian: apt-get install -y ${missing.map(({ debianPackage }) => debianPackage).join(' ')} ` +
        '(npm test then starts the brokers itself). npm run test:unit runs the tests that need no broker and no browser.',
    );
  }

  const down = await brokersDown();
  if (down.length === 0) return;
  console.log(`broker tests: starting ${down.map(named).join(', ')} with scripts/ensure-services.sh`);
  const started = spawnSync('bash', ['scripts/ensure-services.sh'], { encoding: 'utf8' });
  const stillDown = await brokersDown();
  if (stillDown.length > 0) {
    throw new Error(
      `${stillDown.map(named).join(', ')} did not come up; scripts/ensure-services.sh said: ` +
        `${`${started.stdout ?? ''}${started.stderr ?? ''}`.trim() || `(nothing, exit ${started.status})`}. ` +
        'Starting a broker needs the rights to run it as a daemon (root on the CI machine).',
    );
  }
}

async function brokersDown(): Promise<Broker[]> {
  const reachable = await Promise.all(SERVERS.map(({ broker }) => isReachable(broker)));
  return SERVERS.filter((_, index) => !reachable[index]).map(({ broker }) => broker);
}
