/**
 * The wire format, version 1. Every message is one JSON object with the
 * protocol version `v`, a `type`, and the invitation `id` the caller chose.
 * The sender is never part of the message: it is whatever the transport
 * authenticated.
 */
export const PROTOCOL_VERSION = 1;

/** Messages the caller sends to the callee. */
export type CallerMessage =
  | { readonly type: 'invite'; readonly id: string; readonly content: string; readonly channelId: string }
  | { readonly type: 'cancel'; readonly id: string }
  | { readonly type: 'confirm'; readonly id: string }
  | { readonly type: 'expire'; readonly id: string }
  | { readonly type: 'refusal-ack'; readonly id: string };

/** Messages the callee sends to the caller. */
export type CalleeMessage =
  | { readonly type: 'receipt'; readonly id: string }
  | { readonly type: 'accept'; readonly id: string; readonly response: string }
  | { readonly type: 'refuse'; readonly id: string; readonly response: string }
  | { readonly type: 'cancel-ack'; readonly id: string };

/** Any protocol message. */
export type WireMessage = CallerMessage | CalleeMessage;

/** The `type` of any protocol message. */
export type WireMessageType = WireMessage['type'];

const CALLER_MESSAGE_TYPES: ReadonlySet<string> = new Set<CallerMessage['type']>([
  'invite',
  'cancel',
  'confirm',
  'expire',
  'refusal-ack',
]);

/** True for the messages a caller sends (and so a callee receives). */
export function isCallerMessage(message: WireMessage): message is CallerMessage {
  return CALLER_MESSAGE_TYPES.has(message.type);
}
