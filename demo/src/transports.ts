import type { Transport } from '../../index.js';
import { createBroadcastChannelTransport } from '../../adapters/broadcast-channel.js';
import type { MemoryNetwork } from '../../adapters/memory.js';
import { connectWebSocketTransport } from '../../adapters/websocket/index.js';
import type { DemoTransport } from './settings.js';

/** Opens a transport for a user; what `useCallKit` calls. */
export type ConnectUser = (userId: string) => Transport | Promise<Transport>;

/** The relay's address on the server that served this page. */
function relayAddress(userId: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}/relay?user=${encodeURIComponent(userId)}`;
}

/** How a tab connects its user over `transport`; the in-page network for `memory`. */
export function connectorFor(transport: DemoTransport, network: MemoryNetwork): ConnectUser {
  switch (transport) {
    case 'memory':
      return (userId) => network.connect(userId);
    case 'relay':
      return (userId) => connectWebSocketTransport({ url: relayAddress(userId), answerTimeoutMs: 5_000 });
    case 'broadcast':
      return (userId) => createBroadcastChannelTransport({ userId, channelName: 'call-invitation-demo' });
  }
}
