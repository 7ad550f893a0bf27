import { DEFAULT_TIMEOUTS } from '../../machines/constants.js';
import type { RemoteInvitationInput } from '../../machines/remote-invitation.types.js';

/** The input of a callee chart for invitation `id` from alice's phone to bob's, as the kit would start it. */
export function calleeChartInput(id: string): RemoteInvitationInput {
  return {
    id,
    deviceId: 'bob-phone',
    callerId: 'alice',
    callerDeviceId: 'alice-phone',
    content: '',
    channelId: '',
    timeouts: DEFAULT_TIMEOUTS,
  };
}
