/**
 * `call-invitation/adapters/websocket-server`: the relay the WebSocket
 * transport connects to. Node only (it runs on `ws`); kept apart from the
 * client entry so browser bundles never pull `ws` in.
 */
export { createRelayServer } from './relay-server.js';
export type { AuthenticateConnection, RelayBridge, RelayServer, RelayServerOptions } from './relay-server.js';
export type { ConnectionBoundsOptions, RelayServerStats } from './connection-bounds.js';
