import type { StatelyInspectionEvent } from '@statelyai/inspect';

/**
 * Event types that repeat while nothing visible changes: the re-send timers
 * (once a second while waiting for an answer) and the transport's
 * reachability report after every send.
 */
const REPETITIVE_EVENT_TYPE = /^(?:PEER_REACHABLE|PEER_UNREACHABLE|xstate\.after\.resendInterval\..+)$/;

/**
 * A `filter` for `@statelyai/inspect` inspectors: keeps every actor, every
 * event that can move an invitation and the snapshots it produces; drops the
 * re-send timers and reachability reports, and the snapshots they cause.
 */
export function isWorthInspecting(event: StatelyInspectionEvent): boolean {
  if (event.type === '@xstate.actor') return true;
  return !REPETITIVE_EVENT_TYPE.test(event.event.type);
}
