import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer, type ViteDevServer } from 'vite';
import { createRelayServer, type RelayServer } from '../adapters/websocket-server/index.js';

/** Options of {@link startDemoServer}. */
export interface DemoServerOptions {
  /** Port to listen on; 0 (the default) picks a free one. */
  readonly port?: number;
  /** Interface to listen on. Default `127.0.0.1`: the demo is for this machine only. */
  readonly host?: string;
  /** Vite's log level. Default `warn`. */
  readonly logLevel?: 'info' | 'warn' | 'error' | 'silent';
  /**
   * Where Vite keeps its pre-bundled dependencies. Servers that start at the
   * same time (parallel test files) each need their own. Default: the one in
   * demo/vite.config.ts.
   */
  readonly cacheDir?: string;
}

/** A running demo: the page and the WebSocket relay on one port. */
export interface DemoServer {
  /** The page's address, e.g. `http://127.0.0.1:5173/`. */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** The relay, for tests that check who is connected. */
  readonly relay: RelayServer;
  /** Stops the relay, the page server and the HTTP server. */
  close(): Promise<void>;
}

/** Where the relay listens for the page's WebSockets. */
export const RELAY_PATH = '/relay';

/**
 * Demo-only authentication: whoever asks to be `?user=alice` is alice. A real
 * deployment verifies a signed token here; see `AuthenticateConnection`.
 */
function userNamedInQuery(request: IncomingMessage): string | null {
  return new URL(request.url ?? '/', 'http://demo').searchParams.get('user');
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Serves the demo page through Vite (compiled on request from the sources, so
 * no build step comes first) and the WebSocket relay at {@link RELAY_PATH},
 * on one HTTP server.
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const httpServer = createServer();
  let vite: ViteDevServer | undefined;
  let relay: RelayServer | undefined;
  try {
    vite = await createViteServer({
      configFile: fileURLToPath(new URL('./vite.config.ts', import.meta.url)),
      logLevel: options.logLevel ?? 'warn',
      ...(options.cacheDir === undefined ? {} : { cacheDir: options.cacheDir }),
      appType: 'spa',
      // Hot reload shares the port: Vite answers only its own `vite-hmr` upgrades.
      server: { middlewareMode: true, ws: { server: httpServer } },
    });
    const pages = vite.middlewares;
    httpServer.on('request', (request, response) => {
      pages(request, response, () => {
        response.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found\n');
      });
    });
    // The relay attaches to a server of its own that never listens: it sees
    // only the upgrades for its path, and Vite's hot-reload socket is left alone.
    const relayUpgrades = createServer();
    httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(request.url ?? '/', 'http://demo').pathname === RELAY_PATH) {
        relayUpgrades.emit('upgrade', request, socket, head);
      }
    });
    relay = await createRelayServer({ server: relayUpgrades, authenticate: userNamedInQuery });
    await listen(httpServer, options.port ?? 0, host);
  } catch (error) {
    await relay?.close();
    await vite?.close();
    httpServer.close();
    throw error;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const startedVite = vite;
  const startedRelay = relay;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    relay: startedRelay,
    async close() {
      await startedRelay.close();
      await startedVite.close();
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        httpServer.closeAllConnections();
      });
    },
  };
}
