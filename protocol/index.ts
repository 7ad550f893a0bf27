export {
  MAX_CHANNEL_ID_BYTES,
  MAX_FRAME_LENGTH,
  MAX_INVITATION_ID_LENGTH,
  MAX_PAYLOAD_BYTES,
  MAX_REASON_BYTES,
  MAX_USER_ID_BYTES,
  isStringWithin,
  isValidUserId,
  utf8ByteLength,
} from './limits.js';
export { PROTOCOL_VERSION, isCallerMessage } from './messages.js';
export type { CalleeMessage, CallerMessage, WireMessage, WireMessageType } from './messages.js';
export { decodeMessage, encodeMessage, isValidDeviceId, isValidInvitationId } from './codec.js';
export type { DecodeFailure, DecodeResult } from './codec.js';
