/**
 * Every event the verification can send to each chart, with representative
 * payloads: one valid and one oversized wherever a payload is judged.
 */
import type { EventObject } from 'xstate';
import type { LocalInvitationEvent, RemoteInvitationEvent } from '../../machines/index.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';

const OVERSIZED = 'x'.repeat(8193);

export const CALLER_INPUT = { id: 'invitation-1', calleeId: 'bob', content: 'hello', channelId: 'room', timeouts: PROPERTY_TIMEOUTS };
export const CALLEE_INPUT = { id: 'invitation-1', callerId: 'alice', content: 'hello', channelId: 'room', timeouts: PROPERTY_TIMEOUTS };

export const CALLER_EVENTS: readonly (LocalInvitationEvent & EventObject)[] = [
  { type: 'SEND' },
  { type: 'CANCEL' },
  { type: 'UPDATE', content: OVERSIZED },
  { type: 'UPDATE', content: 'hello' },
  { type: 'PEER_RECEIVED' },
  { type: 'PEER_ACCEPTED', response: 'yes' },
  { type: 'PEER_REFUSED', response: 'no' },
  { type: 'PEER_CANCELED' },
  { type: 'PEER_REACHABLE' },
  { type: 'PEER_UNREACHABLE' },
  { type: 'KIT_CLOSED' },
];

export const CALLEE_EVENTS: readonly (RemoteInvitationEvent & EventObject)[] = [
  { type: 'ACCEPT' },
  { type: 'ACCEPT', response: OVERSIZED },
  { type: 'REFUSE' },
  { type: 'REFUSE', response: OVERSIZED },
  { type: 'UPDATE', response: 'later' },
  { type: 'PEER_INVITED' },
  { type: 'PEER_CANCELED' },
  { type: 'PEER_CONFIRMED' },
  { type: 'PEER_EXPIRED' },
  { type: 'PEER_ACKNOWLEDGED_REFUSAL' },
  { type: 'PEER_REACHABLE' },
  { type: 'PEER_UNREACHABLE' },
  { type: 'KIT_CLOSED' },
];
