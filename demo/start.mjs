// `npm run demo`: starts the demo page and the WebSocket relay on 127.0.0.1.
// Plain JavaScript so that Node runs it as is; Vite's module runner loads the
// TypeScript server (and the package sources it imports) without a build step.
import { parseArgs } from 'node:util';
import { runnerImport } from 'vite';

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

const { module: server } = await runnerImport(new URL('./server.ts', import.meta.url).pathname);
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
