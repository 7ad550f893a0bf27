import { and, assign, emit, enqueueActions, not, or, setup } from 'xstate';
import {
  MAX_CHANNEL_ID_BYTES,
  MAX_PAYLOAD_BYTES,
  MAX_REASON_BYTES,
  isStringWithin,
  isValidUserId,
} from '../protocol/limits.js';
import { answer, endAs, fail, lingerThenSettle, settledState, tellEveryDeviceThenSettle } from './chart-parts.js';
import { InvitationEndReason, type InvitationApiCallError, type LocalInvitationFailureReason } from './constants.js';
import type {
  LocalInvitationContext,
  LocalInvitationEmitted,
  LocalInvitationEvent,
  LocalInvitationInput,
  LocalInvitationOutcome,
  LocalInvitationTag,
} from './local-invitation.types.js';
import { timersToRearm } from './resume-timers.js';

/** In every ended state, both caller API calls answer ALREADY_END. */
const callerCallsAfterTheEnd = {
  SEND: { actions: answer('ALREADY_END') },
  CANCEL: { actions: answer('ALREADY_END') },
} as const;

/**
 * The caller's side of one invitation (Agora's LocalInvitation).
 *
 * The chart is pure: it never touches a transport or a callback. It emits
 * `transmit` events for messages to put on the wire and one event per app
 * callback (`receivedByPeer`, `accepted`, `refused`, `canceled`, `failure`);
 * the kit listens to them. Every API event is handled in every state, and the
 * `answer` action records what the call returns, so API misuse errors are
 * decided here and show up in the inspector and in generated diagrams.
 *
 * The caller is the arbiter of the outcome: an accept only wins if it reaches
 * the caller while it is still ringing, and the callee only counts a call as
 * accepted once the caller confirms.
 */
export const localInvitationMachine = setup({
  types: {
    context: {} as LocalInvitationContext,
    events: {} as LocalInvitationEvent,
    input: {} as LocalInvitationInput,
    emitted: {} as LocalInvitationEmitted,
    tags: {} as LocalInvitationTag,
    output: {} as LocalInvitationOutcome,
  },
  delays: {
    acknowledgeTimeout: ({ context }) => context.timeouts.acknowledgeMs,
    answerTimeout: ({ context }) => context.timeouts.answerMs,
    confirmTimeout: ({ context }) => context.timeouts.confirmMs,
    resendInterval: ({ context }) => context.timeouts.resendMs,
    lingerPeriod: ({ context }) => context.timeouts.lingerMs,
  },
  guards: {
    hasInvalidArgument: ({ context }) =>
      !isValidUserId(context.calleeId) ||
      !isStringWithin(context.content, MAX_PAYLOAD_BYTES) ||
      !isStringWithin(context.channelId, MAX_CHANNEL_ID_BYTES),
    hasInvalidCancelReason: ({ event }) =>
      event.type === 'CANCEL' && event.reason !== undefined && !isStringWithin(event.reason, MAX_REASON_BYTES),
    isPeerUnreachable: ({ context }) => context.peerUnreachable,
    isLocallyDisconnected: ({ context }) => context.locallyDisconnected,
    isAwaitingReceipt: ({ context }) => !context.acknowledged,
    isPushRequested: ({ context }) => context.pushRequested,
  },
  actions: {
    answer: assign((_, params: { result: InvitationApiCallError }) => ({ lastCall: { result: params.result } })),
    updateDetails: assign(({ context, event }) => {
      if (event.type !== 'UPDATE') return {};
      return { content: event.content ?? context.content, channelId: event.channelId ?? context.channelId };
    }),
    // The first answer to arrive wins; its device is the one the confirmation names.
    recordAnswer: assign(({ event }) => {
      if (event.type === 'PEER_ACCEPTED') return { response: event.response, answeringDevice: event.device };
      if (event.type === 'PEER_REFUSED') {
        return { response: event.response, answeringDevice: event.device, refuseReason: event.reason };
      }
      return {};
    }),
    recordCancelReason: assign(({ event }) =>
      event.type === 'CANCEL' && event.reason !== undefined ? { cancelReason: event.reason } : {},
    ),
    recordGlareLost: assign({ cancelReason: InvitationEndReason.REPLACED }),
    recordAcknowledged: assign({ acknowledged: true }),
    recordFailure: assign((_, params: { reason: LocalInvitationFailureReason }) => ({ failureReason: params.reason })),
    recordOutcome: assign(({ context }, params: { state: LocalInvitationOutcome['state'] }) => ({
      outcome: outcomeOf(context, params.state),
    })),
    markPeerReachable: assign({ peerUnreachable: false, locallyDisconnected: false }),
    markPeerUnreachable: assign({ peerUnreachable: true }),
    markLocallyDisconnected: assign({ locallyDisconnected: true }),
    // The app can wake the callee's devices with a push; once per invitation, restarts included.
    markPushRequested: assign({ pushRequested: true }),
    requestInvitePush: emit({ type: 'pushNeeded' as const, kind: 'invite' as const }),
    // A callee woken by the invite's push may show it before its transport connects: push the cancel too.
    requestCancelPushIfInvitePushed: enqueueActions(({ context, enqueue }) => {
      if (context.pushRequested) enqueue.emit({ type: 'pushNeeded', kind: 'cancel' });
    }),
    // Re-arms the delayed transitions of the restored state with what was left of them.
    resumeTimers: enqueueActions(({ event, enqueue }) => {
      for (const { event: type, delayMs } of timersToRearm(event)) {
        enqueue.raise({ type } as unknown as LocalInvitationEvent, { id: type, delay: delayMs });
      }
    }),
    sendInvite: emit(({ context }) => ({
      type: 'transmit' as const,
      message: {
        type: 'invite' as const,
        id: context.id,
        device: context.deviceId,
        content: context.content,
        channelId: context.channelId,
      },
    })),
    sendCancel: emit(({ context }) => ({
      type: 'transmit' as const,
      message: {
        type: 'cancel' as const,
        id: context.id,
        device: context.deviceId,
        content: context.content,
        reason: context.cancelReason,
      },
    })),
    // Names the device whose accept won: it connects, every other device of the callee ends ANSWERED_ELSEWHERE.
    sendConfirmation: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'confirm' as const, id: context.id, device: context.deviceId, to: context.answeringDevice ?? '' },
    })),
    sendExpiry: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'expire' as const, id: context.id, device: context.deviceId },
    })),
    // Names the device whose refusal won: every other device of the callee ends REFUSED_ELSEWHERE.
    sendRefusalAcknowledgement: emit(({ context }) => ({
      type: 'transmit' as const,
      message: {
        type: 'refusal-ack' as const,
        id: context.id,
        device: context.deviceId,
        to: context.answeringDevice ?? '',
      },
    })),
    notifyReceivedByPeer: emit({ type: 'receivedByPeer' as const }),
    notifyAccepted: emit(({ context }) => ({ type: 'accepted' as const, response: context.response })),
    notifyRefused: emit(({ context }) => ({
      type: 'refused' as const,
      response: context.response,
      reason: context.refuseReason,
    })),
    notifyCanceled: emit({ type: 'canceled' as const }),
    // Tells the host that nothing more will happen here: it may stop the actor.
    announceSettled: emit({ type: 'settled' as const }),
    notifyFailure: emit(({ context }) => ({
      type: 'failure' as const,
      reason: context.failureReason ?? 'NOT_LOGGEDIN',
    })),
  },
}).createMachine({
  id: 'localInvitation',
  context: ({ input }) => ({
    id: input.id,
    deviceId: input.deviceId,
    calleeId: input.calleeId,
    content: input.content ?? '',
    channelId: input.channelId ?? '',
    response: '',
    answeringDevice: undefined,
    refuseReason: '',
    cancelReason: '',
    timeouts: input.timeouts,
    acknowledged: false,
    peerUnreachable: false,
    locallyDisconnected: false,
    pushRequested: false,
    failureReason: undefined,
    lastCall: undefined,
    outcome: undefined,
  }),
  output: ({ context }) => context.outcome ?? notEnded(),
  initial: 'IDLE',
  on: {
    // A send went through: the callee is reachable, and so is the network from here.
    PEER_REACHABLE: { guard: or(['isPeerUnreachable', 'isLocallyDisconnected']), actions: 'markPeerReachable' },
    PEER_UNREACHABLE: { guard: not('isPeerUnreachable'), actions: 'markPeerUnreachable' },
    LOCAL_DISCONNECTED: { guard: not('isLocallyDisconnected'), actions: 'markLocallyDisconnected' },
    // Rehydrated from a persisted snapshot: only the timers need bringing back.
    RESTORED: { actions: 'resumeTimers' },
  },
  states: {
    IDLE: {
      tags: ['IDLE'],
      on: {
        SEND: [
          { guard: 'hasInvalidArgument', actions: answer('INVALID_ARGUMENT') },
          { target: 'SENT_TO_REMOTE', actions: answer('OK') },
        ],
        CANCEL: { actions: answer('NOT_STARTED') },
        UPDATE: { actions: 'updateDetails' },
        KIT_CLOSED: { target: 'FAILURE', actions: fail('NOT_LOGGEDIN') },
      },
    },
    SENT_TO_REMOTE: {
      // `calling`: an invitation that glare can still replace.
      tags: ['calling', 'SENT_TO_REMOTE'],
      entry: 'sendInvite',
      // Keep re-sending: a callee who connects within the window still gets the invitation.
      initial: 'awaitingReceipt',
      states: {
        awaitingReceipt: {
          after: { resendInterval: { target: 'awaitingReceipt', reenter: true, actions: 'sendInvite' } },
        },
      },
      after: {
        acknowledgeTimeout: [
          // Nothing could leave this device: the fault is ours, not the callee's (Agora's NOT_LOGGEDIN).
          { guard: 'isLocallyDisconnected', target: 'FAILURE', actions: fail('NOT_LOGGEDIN') },
          { guard: 'isPeerUnreachable', target: 'FAILURE', actions: [fail('PEER_OFFLINE'), 'sendExpiry'] },
          { target: 'FAILURE', actions: [fail('PEER_NO_RESPONSE'), 'sendExpiry'] },
        ],
      },
      on: {
        SEND: { actions: answer('ALREADY_SENT') },
        CANCEL: [
          { guard: 'hasInvalidCancelReason', actions: answer('INVALID_ARGUMENT') },
          { target: 'CANCELING', actions: ['recordCancelReason', answer('OK')] },
        ],
        // No device of the callee is connected: the invite cannot ring anywhere until a push wakes one.
        PEER_UNREACHABLE: [
          { guard: and([not('isPeerUnreachable'), not('isPushRequested')]), actions: ['markPeerUnreachable', 'markPushRequested', 'requestInvitePush'] },
          { guard: not('isPeerUnreachable'), actions: 'markPeerUnreachable' },
        ],
        GLARE_LOST: { target: 'CANCELING', actions: 'recordGlareLost' },
        PEER_RECEIVED: { target: 'RECEIVED_BY_REMOTE' },
        // The receipt was lost or overtaken: the answer itself proves delivery.
        PEER_ACCEPTED: { target: 'ACCEPTED_BY_REMOTE', actions: ['recordAcknowledged', 'notifyReceivedByPeer', 'recordAnswer'] },
        PEER_REFUSED: { target: 'REFUSED_BY_REMOTE', actions: ['recordAcknowledged', 'notifyReceivedByPeer', 'recordAnswer'] },
        KIT_CLOSED: { target: 'FAILURE', actions: [fail('NOT_LOGGEDIN'), 'sendExpiry'] },
      },
    },
    RECEIVED_BY_REMOTE: {
      tags: ['calling', 'RECEIVED_BY_REMOTE'],
      entry: ['recordAcknowledged', 'notifyReceivedByPeer'],
      after: {
        answerTimeout: { target: 'FAILURE', actions: [fail('INVITATION_EXPIRE'), 'sendExpiry'] },
      },
      on: {
        SEND: { actions: answer('ALREADY_SENT') },
        CANCEL: [
          { guard: 'hasInvalidCancelReason', actions: answer('INVALID_ARGUMENT') },
          { target: 'CANCELING.afterReceipt', actions: ['recordCancelReason', answer('OK')] },
        ],
        GLARE_LOST: { target: 'CANCELING.afterReceipt', actions: 'recordGlareLost' },
        PEER_ACCEPTED: { target: 'ACCEPTED_BY_REMOTE', actions: 'recordAnswer' },
        PEER_REFUSED: { target: 'REFUSED_BY_REMOTE', actions: 'recordAnswer' },
        KIT_CLOSED: { target: 'FAILURE', actions: [fail('NOT_LOGGEDIN'), 'sendExpiry'] },
      },
    },
    // The cancel is out, and the callee has not confirmed it yet. Two sub-states, because the app
    // still sees the state the cancel was made from (their tags), until CANCELED.
    CANCELING: {
      entry: ['sendCancel', 'requestCancelPushIfInvitePushed'],
      initial: 'beforeReceipt',
      states: {
        beforeReceipt: {
          tags: ['SENT_TO_REMOTE'],
          after: { resendInterval: { target: 'beforeReceipt', reenter: true, actions: 'sendCancel' } },
        },
        afterReceipt: {
          tags: ['RECEIVED_BY_REMOTE'],
          after: { resendInterval: { target: 'afterReceipt', reenter: true, actions: 'sendCancel' } },
        },
      },
      // The callee may be gone for good; the app asked to cancel, so cancel.
      after: { confirmTimeout: { target: 'CANCELED' } },
      on: {
        SEND: { actions: answer('ALREADY_SENT') },
        CANCEL: { actions: answer('OK') },
        PEER_CANCELED: { target: 'CANCELED' },
        // Proof that it rang reaches the app before the ending, as in every other state.
        PEER_RECEIVED: {
          guard: 'isAwaitingReceipt',
          target: '.afterReceipt',
          actions: ['recordAcknowledged', 'notifyReceivedByPeer'],
        },
        // The caller arbitrates: an accept that crosses the cancel loses, and the callee is told again.
        PEER_ACCEPTED: [
          {
            guard: 'isAwaitingReceipt',
            target: '.afterReceipt',
            actions: ['recordAcknowledged', 'notifyReceivedByPeer', 'sendCancel'],
          },
          { actions: 'sendCancel' },
        ],
        // A refusal that crossed the cancel was the callee's final word: both sides end REFUSED.
        PEER_REFUSED: [
          {
            guard: 'isAwaitingReceipt',
            target: 'REFUSED_BY_REMOTE',
            actions: ['recordAcknowledged', 'notifyReceivedByPeer', 'recordAnswer'],
          },
          { target: 'REFUSED_BY_REMOTE', actions: 'recordAnswer' },
        ],
        KIT_CLOSED: { target: 'FAILURE', actions: [fail('NOT_LOGGEDIN'), 'sendExpiry'] },
      },
    },
    ACCEPTED_BY_REMOTE: {
      tags: ['ended', 'ACCEPTED_BY_REMOTE'],
      entry: [endAs('ACCEPTED_BY_REMOTE'), 'sendConfirmation', 'notifyAccepted'],
      ...tellEveryDeviceThenSettle('sendConfirmation'),
      on: {
        ...callerCallsAfterTheEnd,
        // The confirmation names the winner: a re-sent accept gets it again, a losing device learns it lost.
        PEER_ACCEPTED: { actions: 'sendConfirmation' },
        PEER_REFUSED: { actions: 'sendConfirmation' },
        PEER_RECEIVED: { actions: 'sendConfirmation' },
      },
    },
    REFUSED_BY_REMOTE: {
      tags: ['ended', 'REFUSED_BY_REMOTE'],
      entry: [endAs('REFUSED_BY_REMOTE'), 'sendRefusalAcknowledgement', 'notifyRefused'],
      ...tellEveryDeviceThenSettle('sendRefusalAcknowledgement'),
      on: {
        ...callerCallsAfterTheEnd,
        // The acknowledgement names the device that refused; every other device ends REFUSED_ELSEWHERE.
        PEER_REFUSED: { actions: 'sendRefusalAcknowledgement' },
        PEER_ACCEPTED: { actions: 'sendRefusalAcknowledgement' },
        PEER_RECEIVED: { actions: 'sendRefusalAcknowledgement' },
      },
    },
    CANCELED: {
      tags: ['ended', 'CANCELED'],
      entry: [endAs('CANCELED'), 'notifyCanceled'],
      // One device's acknowledgement ends the wait; the cancel goes on reaching the others.
      ...tellEveryDeviceThenSettle('sendCancel'),
      on: {
        ...callerCallsAfterTheEnd,
        // A late invite copy made it ring, or an accept crossed the cancel: cancel again.
        PEER_RECEIVED: { actions: 'sendCancel' },
        PEER_ACCEPTED: { actions: 'sendCancel' },
      },
    },
    FAILURE: {
      tags: ['ended', 'FAILURE'],
      entry: [endAs('FAILURE'), 'notifyFailure'],
      ...lingerThenSettle,
      on: {
        ...callerCallsAfterTheEnd,
        // The callee answered too late: tell it the invitation is over.
        PEER_RECEIVED: { actions: 'sendExpiry' },
        PEER_ACCEPTED: { actions: 'sendExpiry' },
      },
    },
    // Nothing more can happen: the actor is done, and its output is the outcome.
    SETTLED: settledState,
  },
});

function outcomeOf(context: LocalInvitationContext, state: LocalInvitationOutcome['state']): LocalInvitationOutcome {
  switch (state) {
    case 'ACCEPTED_BY_REMOTE':
      return { state, response: context.response };
    case 'REFUSED_BY_REMOTE':
      return { state, response: context.response, reason: context.refuseReason };
    case 'CANCELED':
      return { state };
    case 'FAILURE':
      return { state, reason: context.failureReason ?? 'NOT_LOGGEDIN' };
  }
}

/** SETTLED is entered from ended states only, each of which recorded the outcome on entry. */
function notEnded(): never {
  throw new Error('The caller chart settled without an outcome');
}
