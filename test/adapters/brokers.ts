/** Checks that a broker the tests need is up, and fails with what to do when it is not. */
import { connect } from 'node:net';

/** A broker the adapter tests talk to. */
export interface Broker {
  name: string;
  host: string;
  port: number;
}

/** The brokers scripts/ensure-services.sh starts. */
export const BROKERS = {
  redis: { name: 'Redis', host: '127.0.0.1', port: 6379 },
  nats: { name: 'NATS', host: '127.0.0.1', port: 4222 },
  mosquitto: { name: 'Mosquitto', host: '127.0.0.1', port: 1883 },
} as const satisfies Record<string, Broker>;

/** Whether `broker` accepts TCP connections within two seconds. */
export function isReachable(broker: Broker): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const socket = connect({ host: broker.host, port: broker.port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Resolves when `broker` accepts TCP connections; otherwise throws an error
 * that names it and how to start it. Never a skip: in CI (CI=true) and on a
 * laptop alike, a missing broker is a failed run, not a green one.
 */
export async function requireBroker(broker: Broker): Promise<void> {
  if (!(await isReachable(broker))) {
    const where = process.env.CI === 'true' ? 'CI must provide it' : 'start it with: sudo bash scripts/ensure-services.sh';
    throw new Error(`${broker.name} is not reachable on ${broker.host}:${broker.port}; the ${broker.name} adapter tests need it (${where}).`);
  }
}
