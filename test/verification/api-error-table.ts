/**
 * The reference table of invariant 4: what every API call must return in
 * every state, derived from SPEC.md's list of InvitationApiCallError codes,
 * not from the charts:
 *
 * - OK when the call is taken; INVALID_ARGUMENT when it would be taken but a
 *   payload is over its limit (the argument is only judged for a call that
 *   the state allows);
 * - NOT_STARTED for cancel before send; ALREADY_SENT for send after send;
 * - ALREADY_ACCEPT for accept or refuse after accept, until the call ends;
 * - ALREADY_END for any call once the lifecycle ended (ended beats accepted).
 *
 * The caller's internal CANCELING state shows as SENT_TO_REMOTE or
 * RECEIVED_BY_REMOTE, so it must answer exactly as those do: a second cancel
 * is OK, not ALREADY_END, because the app still sees the invitation alive.
 */
import type { InvitationApiCallError } from '../../index.js';

/** The caller's states as the test reaches them: the public ones, CANCELING from both, and ended states after settling. */
export const CALLER_STATES = [
  'IDLE',
  'SENT_TO_REMOTE',
  'RECEIVED_BY_REMOTE',
  'CANCELING (unacknowledged)',
  'CANCELING (acknowledged)',
  'ACCEPTED_BY_REMOTE',
  'REFUSED_BY_REMOTE',
  'CANCELED',
  'FAILURE',
] as const;
export type CallerStateName = (typeof CALLER_STATES)[number];

export const CALLER_CALLS = ['send', 'send (content over 8192 bytes)', 'cancel'] as const;
export type CallerCall = (typeof CALLER_CALLS)[number];

export const CALLEE_STATES = ['INVITATION_RECEIVED', 'ACCEPT_SENT_TO_LOCAL', 'ACCEPTED', 'REFUSED', 'CANCELED', 'FAILURE', 'IGNORED'] as const;
export type CalleeStateName = (typeof CALLEE_STATES)[number];

export const CALLEE_CALLS = ['accept', 'accept (response over 8192 bytes)', 'refuse', 'refuse (response over 8192 bytes)', 'ignore'] as const;
export type CalleeCall = (typeof CALLEE_CALLS)[number];

const ENDED_CALLER: Record<CallerCall, InvitationApiCallError> = {
  send: 'ALREADY_END',
  'send (content over 8192 bytes)': 'ALREADY_END',
  cancel: 'ALREADY_END',
};
const RINGING_CALLER: Record<CallerCall, InvitationApiCallError> = {
  send: 'ALREADY_SENT',
  'send (content over 8192 bytes)': 'ALREADY_SENT',
  cancel: 'OK',
};

export const CALLER_TABLE: Record<CallerStateName, Record<CallerCall, InvitationApiCallError>> = {
  IDLE: { send: 'OK', 'send (content over 8192 bytes)': 'INVALID_ARGUMENT', cancel: 'NOT_STARTED' },
  SENT_TO_REMOTE: RINGING_CALLER,
  RECEIVED_BY_REMOTE: RINGING_CALLER,
  'CANCELING (unacknowledged)': RINGING_CALLER,
  'CANCELING (acknowledged)': RINGING_CALLER,
  ACCEPTED_BY_REMOTE: ENDED_CALLER,
  REFUSED_BY_REMOTE: ENDED_CALLER,
  CANCELED: ENDED_CALLER,
  FAILURE: ENDED_CALLER,
};

const ENDED_CALLEE: Record<CalleeCall, InvitationApiCallError> = {
  accept: 'ALREADY_END',
  'accept (response over 8192 bytes)': 'ALREADY_END',
  refuse: 'ALREADY_END',
  'refuse (response over 8192 bytes)': 'ALREADY_END',
  ignore: 'ALREADY_END',
};

export const CALLEE_TABLE: Record<CalleeStateName, Record<CalleeCall, InvitationApiCallError>> = {
  INVITATION_RECEIVED: {
    accept: 'OK',
    'accept (response over 8192 bytes)': 'INVALID_ARGUMENT',
    refuse: 'OK',
    'refuse (response over 8192 bytes)': 'INVALID_ARGUMENT',
    ignore: 'OK',
  },
  ACCEPT_SENT_TO_LOCAL: {
    accept: 'ALREADY_ACCEPT',
    'accept (response over 8192 bytes)': 'ALREADY_ACCEPT',
    refuse: 'ALREADY_ACCEPT',
    'refuse (response over 8192 bytes)': 'ALREADY_ACCEPT',
    ignore: 'ALREADY_ACCEPT',
  },
  ACCEPTED: ENDED_CALLEE,
  REFUSED: ENDED_CALLEE,
  CANCELED: ENDED_CALLEE,
  FAILURE: ENDED_CALLEE,
  IGNORED: ENDED_CALLEE,
};

/** The public state each caller state shows to the app. */
export const CALLER_PUBLIC_STATE: Record<CallerStateName, string> = {
  IDLE: 'IDLE',
  SENT_TO_REMOTE: 'SENT_TO_REMOTE',
  RECEIVED_BY_REMOTE: 'RECEIVED_BY_REMOTE',
  'CANCELING (unacknowledged)': 'SENT_TO_REMOTE',
  'CANCELING (acknowledged)': 'RECEIVED_BY_REMOTE',
  ACCEPTED_BY_REMOTE: 'ACCEPTED_BY_REMOTE',
  REFUSED_BY_REMOTE: 'REFUSED_BY_REMOTE',
  CANCELED: 'CANCELED',
  FAILURE: 'FAILURE',
};
