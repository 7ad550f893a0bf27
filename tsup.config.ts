import { defineConfig } from 'tsup';
import { OPTIONAL_PEER_HELPER_ENTRY, writePeerGuardedEntries } from './scripts/build/peer-guarded-entries.js';

/**
 * One entry per public subpath of package.json "exports". Splitting keeps the
 * machines and protocol in shared chunks, so `call-invitation` and
 * `call-invitation/machines` load one copy of each chart.
 */
export default defineConfig({
  entry: {
    index: 'index.ts',
    machines: 'machines/index.ts',
    'adapters/memory': 'adapters/memory.ts',
    'adapters/websocket': 'adapters/websocket/index.ts',
    'adapters/websocket-server': 'adapters/websocket-server/index.ts',
    'adapters/broadcast-channel': 'adapters/broadcast-channel.ts',
    'adapters/redis': 'adapters/redis.ts',
    'adapters/nats': 'adapters/nats.ts',
    'adapters/mqtt': 'adapters/mqtt.ts',
    persistence: 'persistence.ts',
    react: 'react/index.ts',
    agora: 'agora/index.ts',
    // Not a public subpath: the Node guards of scripts/build/peer-guarded-entries.ts load it by path.
    [OPTIONAL_PEER_HELPER_ENTRY]: 'adapters/internal/optional-peer.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  splitting: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  external: [
    'xstate',
    // Client libraries are optional peer dependencies: the app brings its own copy.
    'ws',
    'redis',
    /^@nats-io\//,
    'mqtt',
    // The app's own React: two copies would break hooks.
    'react',
    'react/jsx-runtime',
  ],
  // A missing optional peer must be named, even where ESM would fail before any code runs.
  onSuccess: () => writePeerGuardedEntries('dist'),
});
