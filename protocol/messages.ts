/**
 * The wire format, version 2. Every message is one JSON object with the
 * protocol version `v`, a `type`, the invitation `id` the caller chose, and
 * the sending `device`. The sender's user id is never part of the message: it
 * is whatever the transport authenticated.
 *
 * Version 2 exists because a user may be connected on several devices: a
 * message sent to a user reaches all of them. The caller's messages go to
 * every device of the callee; `confirm` and `refusal-ack` name the device
 * whose answer won (`to`), so that the others learn they lost. The callee's
 * messages name the caller's device (`to`, taken from the invite), so that
 * the caller's other devices ignore them instead of disturbing the call.
 */
export const PROTOCOL_VERSION = 2;

/** Messages the caller sends to the callee. */
export type CallerMessage =
  | {
      readonly type: 'invite';
      readonly id: string;
      readonly device: string;
      readonly content: string;
      readonly channelId: string;
    }
  | {
      readonly type: 'cancel';
      readonly id: string;
      readonly device: string;
      /** The caller's content when it canceled. */
      readonly content: string;
      /** Why the caller canceled (e.g. `replaced` after glare); empty when the app gave no reason. */
      readonly reason: string;
    }
  /** The caller took the accept of device `to`; every other device of the callee lost. */
  | { readonly type: 'confirm'; readonly id: string; readonly device: string; readonly to: string }
  | { readonly type: 'expire'; readonly id: string; readonly device: string }
  /** The caller took the refusal of device `to`; the invitation is over on every device of the callee. */
  | { readonly type: 'refusal-ack'; readonly id: string; readonly device: string; readonly to: string };

/** Messages the callee sends to the caller, each addressed to the caller's device `to`. */
export type CalleeMessage =
  | { readonly type: 'receipt'; readonly id: string; readonly device: string; readonly to: string }
  | { readonly type: 'accept'; readonly id: string; readonly device: string; readonly to: string; readonly response: string }
  | {
      readonly type: 'refuse';
      readonly id: string;
      readonly device: string;
      readonly to: string;
      readonly response: string;
      /** Why the callee refused (`busy`, `declined`, `replaced` or the app's own word). */
      readonly reason: string;
    }
  | { readonly type: 'cancel-ack'; readonly id: string; readonly device: string; readonly to: string };

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
