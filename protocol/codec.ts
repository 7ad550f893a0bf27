import {
  MAX_CHANNEL_ID_BYTES,
  MAX_FRAME_LENGTH,
  MAX_INVITATION_ID_LENGTH,
  MAX_PAYLOAD_BYTES,
  MAX_REASON_BYTES,
  isStringWithin,
} from './limits.js';
import { PROTOCOL_VERSION, type WireMessage } from './messages.js';

/** Why an incoming frame was refused before it could reach any invitation. */
export type DecodeFailure =
  | 'not-a-string'
  | 'oversized'
  | 'malformed-json'
  | 'not-an-object'
  /** A frame of protocol version 1, from a peer that predates devices: it cannot be routed safely. */
  | 'legacy-version'
  | 'unsupported-version'
  | 'unknown-type'
  | 'invalid-field';

/** The outcome of {@link decodeMessage}: a message, or the reason it was refused. */
export type DecodeResult =
  | { readonly ok: true; readonly message: WireMessage }
  | { readonly ok: false; readonly reason: DecodeFailure };

const WIRE_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** True for ids this protocol creates and accepts: 1 to 64 characters of `A-Z a-z 0-9 _ -`. */
export function isValidInvitationId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_INVITATION_ID_LENGTH &&
    WIRE_ID_PATTERN.test(value)
  );
}

/** True for device ids: the same alphabet and length as invitation ids. */
export const isValidDeviceId: (value: unknown) => value is string = isValidInvitationId;

/** Serialises a message; the result is what {@link decodeMessage} reads back. */
export function encodeMessage(message: WireMessage): string {
  return JSON.stringify({ v: PROTOCOL_VERSION, ...message });
}

function refuse(reason: DecodeFailure): DecodeResult {
  return { ok: false, reason };
}

/**
 * Reads one frame from the network. Input is untrusted: any value at all may
 * arrive, and this function never throws. Unknown extra fields are ignored so
 * that later minor revisions can add optional fields; a different `v` is
 * refused because its meaning is unknown (version 1 with its own reason).
 */
export function decodeMessage(data: unknown): DecodeResult {
  if (typeof data !== 'string') return refuse('not-a-string');
  if (data.length > MAX_FRAME_LENGTH) return refuse('oversized');
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return refuse('malformed-json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return refuse('not-an-object');
  const frame = parsed as Record<string, unknown>;
  if (frame.v === 1) return refuse('legacy-version');
  if (frame.v !== PROTOCOL_VERSION) return refuse('unsupported-version');
  const { id, type, device } = frame;
  if (!isValidInvitationId(id) || !isValidDeviceId(device)) return refuse('invalid-field');
  switch (type) {
    case 'invite': {
      const { content, channelId } = frame;
      if (!isStringWithin(content, MAX_PAYLOAD_BYTES) || !isStringWithin(channelId, MAX_CHANNEL_ID_BYTES)) {
        return refuse('invalid-field');
      }
      return { ok: true, message: { type, id, device, content, channelId } };
    }
    case 'cancel': {
      const { content, reason } = frame;
      if (!isStringWithin(content, MAX_PAYLOAD_BYTES) || !isStringWithin(reason, MAX_REASON_BYTES)) {
        return refuse('invalid-field');
      }
      return { ok: true, message: { type, id, device, content, reason } };
    }
    case 'expire':
      return { ok: true, message: { type, id, device } };
    default:
      break;
  }
  // Every other message is addressed to one device.
  const { to } = frame;
  if (!isValidDeviceId(to)) return refuse('invalid-field');
  switch (type) {
    case 'accept': {
      const { response } = frame;
      if (!isStringWithin(response, MAX_PAYLOAD_BYTES)) return refuse('invalid-field');
      return { ok: true, message: { type, id, device, to, response } };
    }
    case 'refuse': {
      const { response, reason } = frame;
      if (!isStringWithin(response, MAX_PAYLOAD_BYTES) || !isStringWithin(reason, MAX_REASON_BYTES)) {
        return refuse('invalid-field');
      }
      return { ok: true, message: { type, id, device, to, response, reason } };
    }
    case 'confirm':
    case 'refusal-ack':
    case 'receipt':
    case 'cancel-ack':
      return { ok: true, message: { type, id, device, to } };
    default:
      return refuse('unknown-type');
  }
}
