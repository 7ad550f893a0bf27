import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

/** One message as a Stately inspector sends it over its WebSocket. */
export interface InspectionMessage {
  readonly type: string;
  readonly sessionId: string;
  readonly name?: string;
  readonly definition?: string;
  readonly event?: { readonly type: string };
  readonly snapshot?: { readonly value?: unknown; readonly status?: string };
}

/** A stand-in for the Stately inspector's WebSocket server, on 127.0.0.1 and a free port. */
export interface InspectionReceiver {
  /** The `url` to give `createWebSocketInspector`. */
  readonly url: string;
  /** Every message received, parsed, in arrival order. */
  readonly messages: InspectionMessage[];
  close(): Promise<void>;
}

/** Starts a receiver that records what inspectors send to it. */
export async function startInspectionReceiver(): Promise<InspectionReceiver> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const messages: InspectionMessage[] = [];
  server.on('connection', (socket) => {
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as InspectionMessage));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    messages,
    close() {
      for (const client of server.clients) client.terminate();
      return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** `{ ACCEPTED: 'lingering' }` → `ACCEPTED.lingering`: a state value as one readable string. */
export function configurationOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  return Object.entries(value)
    .map(([key, child]) => `${key}.${configurationOf(child)}`)
    .join(',');
}

/** The configurations a session went through, in order, without repeats of the one before. */
export function configurationsOf(messages: readonly InspectionMessage[], sessionId: string): string[] {
  const configurations: string[] = [];
  for (const message of messages) {
    if (message.type !== '@xstate.snapshot' || message.sessionId !== sessionId) continue;
    const configuration = configurationOf(message.snapshot?.value);
    if (configurations.at(-1) !== configuration) configurations.push(configuration);
  }
  return configurations;
}
