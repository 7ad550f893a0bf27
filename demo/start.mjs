// `npm run demo`: starts the demo page and the WebSocket relay on 127.0.0.1.
// Plain JavaScript so that Node runs it as is. The TypeScript server (and the
// package sources it imports) is bundled by esbuild, packages left external,
// into node_modules/.cache and imported from there. It must stay loadable for
// the whole run: the relay imports its optional peer `ws` on first use, so a
// module runner that is closed once the import returns (Vite's runnerImport)
// would fail at that point.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const usage = `Usage: npm run demo -- [--port <number>] [--host <address>]

  --port  port to listen on (default: a free one)
  --host  interface to listen on (default: 127.0.0.1)`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(usage);
  process.exit(0);
}
const port = values.port === undefined ? 0 : Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got ${values.port}\n\n${usage}`);
  process.exit(2);
}

const serverSource = new URL('./server.ts', import.meta.url);
const bundled = resolve('node_modules/.cache/demo', `server-${process.pid}.mjs`);
await build({
  entryPoints: [serverSource.pathname],
  outfile: bundled,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  // server.ts finds vite.config.ts next to itself.
  define: { 'import.meta.url': JSON.stringify(serverSource.href) },
  logLevel: 'warning',
});
let server;
try {
  server = await import(pathToFileURL(bundled).href);
} finally {
  await rm(bundled, { force: true });
}
const demo = await server.startDemoServer({ port, host: values.host ?? '127.0.0.1' });

console.log(`call-invitation demo: ${demo.url}
  three phones on one page:           ${demo.url}
  bob on two devices, on one page:    ${demo.url}?users=alice,bob,bob,carol
  one user per tab, over the relay:   ${demo.url}?transport=relay&user=alice   (then user=bob in another tab)
  one user per tab, no server:        ${demo.url}?transport=broadcast&user=alice   (then user=bob)
Press Ctrl+C to stop.`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
