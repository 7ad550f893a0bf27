/**
 * Tests that play a peer by hand write messages by their meaning (type, id,
 * payload); the device fields of the wire format are filled in here, so that
 * those tests read the same as before devices existed.
 */
import type { WireMessage } from '../../protocol/messages.js';

type Loosen<Message> = Message extends WireMessage
  ? Omit<Message, 'device' | 'to' | 'reason' | 'content'> &
      Partial<Pick<Message, Extract<keyof Message, 'device' | 'to' | 'reason' | 'content'>>>
  : never;

/** A protocol message with its device fields (and an empty reason or cancel content) left out. */
export type PeerMessage = Loosen<WireMessage>;

/** The device a hand-played peer sends from. */
export const PEER_DEVICE = 'peer-device';

/** The full wire message: from `PEER_DEVICE`, addressed to `to` where the type needs an address. */
export function completeMessage(message: PeerMessage, to: string): WireMessage {
  const device = message.device ?? PEER_DEVICE;
  switch (message.type) {
    case 'invite':
      return { ...message, device, content: message.content ?? '' } as WireMessage;
    case 'cancel':
      return { ...message, device, content: message.content ?? '', reason: message.reason ?? '' };
    case 'expire':
      return { ...message, device };
    case 'refuse':
      return { ...message, device, to: message.to ?? to, reason: message.reason ?? '' };
    default:
      return { ...message, device, to: message.to ?? to } as WireMessage;
  }
}
