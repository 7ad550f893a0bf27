import { isValidUserId } from '../../protocol/limits.js';
import type { TransportErrorCode } from '../transport.js';

/**
 * The relay's wire format: one JSON object per WebSocket text frame.
 *
 * A client sends `send` frames; the relay answers each with `accepted` or
 * `rejected` (same `id`) and pushes `message` frames stamped with the sender
 * it authenticated. The relay opens every connection with `welcome`, naming
 * the user id it authenticated, so the client learns who it is from the
 * server rather than claiming it.
 */

/** Version of the frame format, announced in `welcome`; bumped on incompatible change. */
export const RELAY_PROTOCOL_VERSION = 1;

/**
 * Default bound on one frame, in UTF-8 bytes, on both sides. It is checked on
 * the serialized frame, so JSON escaping counts against it.
 */
export const DEFAULT_MAX_FRAME_BYTES = 128 * 1024;

/** Client → relay: deliver `data` to `to`; `id` pairs the answer with the request. */
export interface SendFrame {
  type: 'send';
  id: number;
  to: string;
  data: string;
}

/** Relay → client: first frame on every connection. */
export interface WelcomeFrame {
  type: 'welcome';
  version: number;
  userId: string;
}

/** Relay → client: the `send` frame with this `id` was handed on. */
export interface AcceptedFrame {
  type: 'accepted';
  id: number;
}

/**
 * Relay → client: the `send` frame with this `id` cannot be delivered, and
 * why; `NOT_CONNECTED` means the relay itself cannot reach the rest of the
 * deployment (its bridge is down).
 */
export interface RejectedFrame {
  type: 'rejected';
  id: number;
  code: TransportErrorCode;
}

/** Relay → client: a message from the authenticated user `from`. */
export interface MessageFrame {
  type: 'message';
  from: string;
  data: string;
}

/** Every frame the relay sends. */
export type RelayToClientFrame = WelcomeFrame | AcceptedFrame | RejectedFrame | MessageFrame;

/** Encodes a frame for the wire. */
export function encodeFrame(frame: SendFrame | RelayToClientFrame): string {
  return JSON.stringify(frame);
}

/** Reads a client frame; returns null for anything that is not a well-formed `send`. */
export function decodeClientFrame(text: string): SendFrame | null {
  const value = parseObject(text);
  if (value === null || value.type !== 'send') return null;
  const { id, to, data } = value;
  if (!isFrameId(id) || !isUserId(to) || typeof data !== 'string') return null;
  return { type: 'send', id, to, data };
}

/** Reads a relay frame; returns null for anything malformed, so a broken relay cannot crash a client. */
export function decodeRelayFrame(text: string): RelayToClientFrame | null {
  const value = parseObject(text);
  if (value === null) return null;
  switch (value.type) {
    case 'welcome':
      return typeof value.version === 'number' && isUserId(value.userId)
        ? { type: 'welcome', version: value.version, userId: value.userId }
        : null;
    case 'accepted':
      return isFrameId(value.id) ? { type: 'accepted', id: value.id } : null;
    case 'rejected':
      return isFrameId(value.id) && isTransportErrorCode(value.code)
        ? { type: 'rejected', id: value.id, code: value.code }
        : null;
    case 'message':
      return isUserId(value.from) && typeof value.data === 'string'
        ? { type: 'message', from: value.from, data: value.data }
        : null;
    default:
      return null;
  }
}

function parseObject(text: string): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function isTransportErrorCode(value: unknown): value is TransportErrorCode {
  return value === 'PEER_OFFLINE' || value === 'NOT_CONNECTED' || value === 'MESSAGE_TOO_LARGE';
}

function isFrameId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/**
 * True for a user id the relay routes by, in `to` or from `authenticate`: the
 * kit's own rule, so the relay never authenticates an id the kit would refuse.
 */
export const isUserId: (value: unknown) => value is string = isValidUserId;
