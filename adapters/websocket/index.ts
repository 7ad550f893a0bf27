/**
 * `call-invitation/adapters/websocket`: a {@link Transport} over a WebSocket
 * relay, for browsers and Node. The relay itself lives in
 * `call-invitation/adapters/websocket-server`.
 */
export { connectWebSocketTransport } from './websocket-transport.js';
export type { WebSocketTransport, WebSocketTransportOptions, WebSocketTransportStatus } from './websocket-transport.js';
export type { ReconnectBackoff } from './reconnect-backoff.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
export { DEFAULT_MAX_FRAME_BYTES, RELAY_PROTOCOL_VERSION } from './relay-frame.js';
export type { Transport } from '../transport.js';
