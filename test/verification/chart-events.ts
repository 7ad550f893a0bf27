/**
 * Every event the verification can send to each chart, with representative
 * payloads: one valid and one oversized wherever a payload is judged.
 */
import type { EventObject } from 'xstate';
import type { LocalInvitationEvent, RemoteInvitationEvent } from '../../machines/index.js';
import { PROPERTY_TIMEOUTS } from './harness/scenario.js';

const OVERSIZED = 'x'.repeat(8193);

export const CALLER_INPUT = { id: 'invitation-1', deviceId: 'alice-phone', calleeId: 'bob', content: 'hello', channelId: 'room', timeouts: PROPERTY_TIMEOUTS };
export const CALLEE_INPUT = {
  id: 'invitation-1',
  deviceId: 'bob-phone',
  callerId: 'alice',
  callerDeviceId: 'alice-phone', content: 'hello', channelId: 'room', timeouts: PROPERTY_TIMEOUTS };

export const CALLER_EVENTS: readonly (LocalInvitationEvent & EventObject)[] = [
  { type: 'SEND' },
  { type: 'CANCEL' },
  { type: 'CANCEL', reason: 'r'.repeat(65) },
  { type: 'UPDATE', content: OVERSIZED },
  { type: 'UPDATE', content: 'hello' },
  { type: 'PEER_RECEIVED', device: 'bob-phone' },
  { type: 'PEER_ACCEPTED', device: 'bob-phone', response: 'yes' },
  { type: 'PEER_ACCEPTED', device: 'bob-laptop', response: 'yes' },
  { type: 'PEER_REFUSED', device: 'bob-phone', response: 'no', reason: 'declined' },
  { type: 'PEER_CANCELED', device: 'bob-phone' },
  { type: 'GLARE_LOST' },
  { type: 'PEER_REACHABLE' },
  { type: 'PEER_UNREACHABLE' },
  { type: 'LOCAL_DISCONNECTED' },
  { type: 'KIT_CLOSED' },
  { type: 'RESTORED', timers: [] },
];

export const CALLEE_EVENTS: readonly (RemoteInvitationEvent & EventObject)[] = [
  { type: 'ACCEPT' },
  { type: 'ACCEPT', response: OVERSIZED },
  { type: 'REFUSE' },
  { type: 'REFUSE', response: OVERSIZED },
  { type: 'REFUSE', reason: 'busy' },
  { type: 'REFUSE', reason: 'r'.repeat(65) },
  { type: 'IGNORE' },
  { type: 'UPDATE', response: 'later' },
  { type: 'PEER_INVITED' },
  { type: 'PEER_CANCELED', content: 'bye', reason: '' },
  { type: 'PEER_CONFIRMED', to: 'bob-phone' },
  { type: 'PEER_CONFIRMED', to: 'bob-laptop' },
  { type: 'PEER_EXPIRED' },
  { type: 'PEER_ACKNOWLEDGED_REFUSAL', to: 'bob-phone' },
  { type: 'PEER_ACKNOWLEDGED_REFUSAL', to: 'bob-laptop' },
  { type: 'GLARE_LOST' },
  { type: 'PEER_REACHABLE' },
  { type: 'PEER_UNREACHABLE' },
  { type: 'KIT_CLOSED' },
  { type: 'RESTORED', timers: [] },
];
