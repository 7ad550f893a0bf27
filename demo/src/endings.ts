import type { InvitationTimeouts } from '../../index.js';
import type { InvitationView } from '../../react/index.js';

/** How a call card describes an invitation: a headline and, once it ended, why. */
export interface InvitationStory {
  /** One short line for the card's header, e.g. "Ringing at bob". */
  readonly headline: string;
  /** The ending in words, with the code in parentheses; undefined while the invitation is live. */
  readonly ending: string | undefined;
  /** The ending's tone, for its colour. */
  readonly tone: 'live' | 'connected' | 'declined' | 'canceled' | 'failed';
}

const seconds = (milliseconds: number) => `${Number((milliseconds / 1000).toFixed(1))} s`;
const quoted = (response: string) => (response === '' ? '' : ` “${response}”`);

/** Tells what happened to an invitation, in words a visitor understands, from `peer`'s point of view. */
export function storyOf(view: InvitationView, peer: string, timeouts: InvitationTimeouts): InvitationStory {
  return view.side === 'caller' ? callerStory(view, peer, timeouts) : calleeStory(view, peer, timeouts);
}

function callerStory(view: Extract<InvitationView, { side: 'caller' }>, callee: string, timeouts: InvitationTimeouts): InvitationStory {
  const canceling = view.chartState === 'CANCELING';
  switch (view.state) {
    case 'IDLE':
      return { headline: `Ready to call ${callee}`, ending: undefined, tone: 'live' };
    case 'SENT_TO_REMOTE':
      return { headline: canceling ? `Canceling the call to ${callee}…` : `Calling ${callee}…`, ending: undefined, tone: 'live' };
    case 'RECEIVED_BY_REMOTE':
      return { headline: canceling ? `Canceling the call to ${callee}…` : `Ringing at ${callee}`, ending: undefined, tone: 'live' };
    case 'ACCEPTED_BY_REMOTE':
      return {
        headline: `Connected with ${callee}`,
        ending: `${callee} accepted${quoted(view.response)} (ACCEPTED_BY_REMOTE)`,
        tone: 'connected',
      };
    case 'REFUSED_BY_REMOTE':
      return {
        headline: `${callee} declined`,
        ending: `${callee} refused${quoted(view.response)} (REFUSED_BY_REMOTE)`,
        tone: 'declined',
      };
    case 'CANCELED':
      return { headline: 'Call canceled', ending: `You canceled before ${callee} answered (CANCELED)`, tone: 'canceled' };
    case 'FAILURE':
      return { headline: 'Call failed', ending: callerFailure(view.reason, callee, timeouts), tone: 'failed' };
  }
}

function callerFailure(reason: string | undefined, callee: string, timeouts: InvitationTimeouts): string {
  switch (reason) {
    case 'PEER_OFFLINE':
      return `No answer: ${callee}’s phone was unreachable for ${seconds(timeouts.acknowledgeMs)} (PEER_OFFLINE)`;
    case 'PEER_NO_RESPONSE':
      return `No answer: ${callee} was online but never rang within ${seconds(timeouts.acknowledgeMs)} (PEER_NO_RESPONSE)`;
    case 'INVITATION_EXPIRE':
      return `Nobody picked up: it rang at ${callee} for ${seconds(timeouts.answerMs)} (INVITATION_EXPIRE)`;
    case 'NOT_LOGGEDIN':
      return `Your phone hung up: its call kit closed before the call ended (NOT_LOGGEDIN)`;
    default:
      return `Failed (${String(reason)})`;
  }
}

function calleeStory(view: Extract<InvitationView, { side: 'callee' }>, caller: string, timeouts: InvitationTimeouts): InvitationStory {
  switch (view.state) {
    case 'INVITATION_RECEIVED':
      return { headline: `${caller} is calling`, ending: undefined, tone: 'live' };
    case 'ACCEPT_SENT_TO_LOCAL':
      return { headline: `Answered; waiting for ${caller} to confirm…`, ending: undefined, tone: 'live' };
    case 'ACCEPTED':
      return {
        headline: `Connected with ${caller}`,
        ending: `You accepted${quoted(view.response)} and ${caller} confirmed (ACCEPTED)`,
        tone: 'connected',
      };
    case 'REFUSED':
      return { headline: `You declined ${caller}`, ending: `You refused${quoted(view.response)} (REFUSED)`, tone: 'declined' };
    case 'CANCELED':
      return { headline: 'Missed call', ending: `${caller} hung up before you answered (CANCELED)`, tone: 'canceled' };
    case 'FAILURE':
      return { headline: 'Call failed', ending: calleeFailure(view.reason, caller, timeouts), tone: 'failed' };
    case 'IGNORED':
      return { headline: 'Dismissed', ending: `You silenced ${caller}'s call on this device (IGNORED)`, tone: 'canceled' };
  }
}

function calleeFailure(reason: string | undefined, caller: string, timeouts: InvitationTimeouts): string {
  switch (reason) {
    case 'PEER_OFFLINE':
      return `Lost the caller: ${caller} was unreachable when you answered (PEER_OFFLINE)`;
    case 'ACCEPT_FAILURE':
      return `You answered, but ${caller} never confirmed within ${seconds(timeouts.confirmMs)} (ACCEPT_FAILURE)`;
    case 'INVITATION_EXPIRE':
      return `Missed call: nobody answered within ${seconds(timeouts.answerMs)}, or ${caller} gave up (INVITATION_EXPIRE)`;
    case 'NOT_LOGGEDIN':
      return `Your phone hung up: its call kit closed before the call ended (NOT_LOGGEDIN)`;
    case 'ANSWERED_ELSEWHERE':
      return `Answered on another of your devices (ANSWERED_ELSEWHERE)`;
    case 'REFUSED_ELSEWHERE':
      return `Declined on another of your devices (REFUSED_ELSEWHERE)`;
    default:
      return `Failed (${String(reason)})`;
  }
}
