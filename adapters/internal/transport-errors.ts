import { TransportError } from '../transport.js';

/** The rejection for `send` on a transport that was closed or is not connected right now. */
export function notConnected(adapterName: string, detail = 'the transport is closed'): TransportError {
  return new TransportError('NOT_CONNECTED', `${adapterName}: ${detail}`);
}

/** The rejection for `send` to a peer the transport knows is unreachable. */
export function peerOffline(adapterName: string, peerId: string): TransportError {
  return new TransportError('PEER_OFFLINE', `${adapterName}: ${JSON.stringify(peerId)} is not connected`);
}

/** The rejection for `send` of data above the adapter's size bound. */
export function messageTooLarge(adapterName: string, limit: number): TransportError {
  return new TransportError('MESSAGE_TOO_LARGE', `${adapterName}: message exceeds ${limit} bytes`);
}
