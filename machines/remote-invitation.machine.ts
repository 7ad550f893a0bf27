import { assign, emit, enqueueActions, not, setup } from 'xstate';
import { MAX_PAYLOAD_BYTES, MAX_REASON_BYTES, isStringWithin } from '../protocol/limits.js';
import { answer, endAs, fail, lingerThenSettle, settledState } from './chart-parts.js';
import { InvitationEndReason, type InvitationApiCallError, type RemoteInvitationFailureReason } from './constants.js';
import type {
  RemoteInvitationContext,
  RemoteInvitationEmitted,
  RemoteInvitationEvent,
  RemoteInvitationInput,
  RemoteInvitationOutcome,
  RemoteInvitationTag,
} from './remote-invitation.types.js';
import { timersToRearm } from './resume-timers.js';

/** In every ended state, both callee API calls answer ALREADY_END. */
const calleeCallsAfterTheEnd = {
  ACCEPT: { actions: answer('ALREADY_END') },
  REFUSE: { actions: answer('ALREADY_END') },
  IGNORE: { actions: answer('ALREADY_END') },
} as const;

/**
 * The callee's side of one invitation (Agora's RemoteInvitation).
 *
 * Pure, like the caller's chart: it emits `transmit` events for the wire and
 * one event per app callback. Accepting is a proposal: the callee reaches
 * ACCEPTED only when the caller confirms, so the two sides cannot disagree
 * about a connected call on a network that delivers.
 */
export const remoteInvitationMachine = setup({
  types: {
    context: {} as RemoteInvitationContext,
    events: {} as RemoteInvitationEvent,
    input: {} as RemoteInvitationInput,
    emitted: {} as RemoteInvitationEmitted,
    tags: {} as RemoteInvitationTag,
    output: {} as RemoteInvitationOutcome,
  },
  delays: {
    // A pushed invitation may have less than the full window left (answerWindowMs); the docs read the delay
    // from the timeouts alone, hence the fallback.
    answerTimeout: ({ context }) => Math.min(context.timeouts.answerMs, context.answerWindowMs ?? Infinity),
    confirmTimeout: ({ context }) => context.timeouts.confirmMs,
    resendInterval: ({ context }) => context.timeouts.resendMs,
    lingerPeriod: ({ context }) => context.timeouts.lingerMs,
  },
  guards: {
    hasInvalidResponse: ({ context, event }) => {
      const response = (event.type === 'ACCEPT' || event.type === 'REFUSE' ? event.response : undefined) ?? context.response;
      const reason = event.type === 'REFUSE' ? event.reason : undefined;
      return !isStringWithin(response, MAX_PAYLOAD_BYTES) || (reason !== undefined && !isStringWithin(reason, MAX_REASON_BYTES));
    },
    isPeerUnreachable: ({ context }) => context.peerUnreachable,
    // Only a pushed invitation can arrive with its window already spent.
    isAnswerWindowOver: ({ context }) => context.answerWindowMs <= 0,
    // The caller's confirmation or refusal acknowledgement names the device whose answer it took.
    isForThisDevice: ({ context, event }) =>
      (event.type === 'PEER_CONFIRMED' || event.type === 'PEER_ACKNOWLEDGED_REFUSAL') && event.to === context.deviceId,
  },
  actions: {
    answer: assign((_, params: { result: InvitationApiCallError }) => ({ lastCall: { result: params.result } })),
    recordOutcome: assign(({ context }, params: { state: RemoteInvitationOutcome['state'] }) => ({
      outcome: outcomeOf(context, params.state),
    })),
    recordResponse: assign(({ context, event }) =>
      event.type === 'ACCEPT' || event.type === 'REFUSE' || event.type === 'UPDATE'
        ? { response: event.response ?? context.response }
        : {},
    ),
    recordRefuseReason: assign(({ event }) => ({
      refuseReason: (event.type === 'REFUSE' ? event.reason : undefined) ?? InvitationEndReason.DECLINED,
    })),
    recordGlareLost: assign({ refuseReason: InvitationEndReason.REPLACED }),
    recordCancel: assign(({ event }) =>
      event.type === 'PEER_CANCELED' ? { content: event.content, cancelReason: event.reason } : {},
    ),
    recordFailure: assign((_, params: { reason: RemoteInvitationFailureReason }) => ({ failureReason: params.reason })),
    markPeerReachable: assign({ peerUnreachable: false }),
    markPeerUnreachable: assign({ peerUnreachable: true }),
    sendReceipt: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'receipt' as const, id: context.id, device: context.deviceId, to: context.callerDeviceId },
    })),
    sendAcceptance: emit(({ context }) => ({
      type: 'transmit' as const,
      message: {
        type: 'accept' as const,
        id: context.id,
        device: context.deviceId,
        to: context.callerDeviceId,
        response: context.response,
      },
    })),
    sendRefusal: emit(({ context }) => ({
      type: 'transmit' as const,
      message: {
        type: 'refuse' as const,
        id: context.id,
        device: context.deviceId,
        to: context.callerDeviceId,
        response: context.response,
        reason: context.refuseReason,
      },
    })),
    sendCancelAcknowledgement: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'cancel-ack' as const, id: context.id, device: context.deviceId, to: context.callerDeviceId },
    })),
    // A push that arrives after its window must not tell the caller it rang: it ends here, unseen.
    sendReceiptIfAnswerable: enqueueActions(({ context, enqueue }) => {
      // By name, so that a chart variant's own `sendReceipt` (`.provide()`) is the one that runs;
      // setup() cannot type a reference to an action of the block being defined.
      if (context.answerWindowMs > 0) enqueue('sendReceipt' as unknown as Parameters<typeof enqueue>[0]);
    }),
    // Re-arms the delayed transitions of the restored state with what was left of them.
    resumeTimers: enqueueActions(({ event, enqueue }) => {
      for (const { event: type, delayMs } of timersToRearm(event)) {
        enqueue.raise({ type } as unknown as RemoteInvitationEvent, { id: type, delay: delayMs });
      }
    }),
    notifyAccepted: emit({ type: 'accepted' as const }),
    notifyRefused: emit(({ context }) => ({ type: 'refused' as const, reason: context.refuseReason })),
    notifyCanceled: emit(({ context }) => ({ type: 'canceled' as const, reason: context.cancelReason })),
    // Tells the host that nothing more will happen here: it may stop the actor.
    announceSettled: emit({ type: 'settled' as const }),
    notifyFailure: emit(({ context }) => ({
      type: 'failure' as const,
      reason: context.failureReason ?? 'NOT_LOGGEDIN',
    })),
  },
}).createMachine({
  id: 'remoteInvitation',
  context: ({ input }) => ({
    id: input.id,
    deviceId: input.deviceId,
    callerId: input.callerId,
    callerDeviceId: input.callerDeviceId,
    content: input.content,
    channelId: input.channelId,
    response: '',
    refuseReason: '',
    cancelReason: '',
    timeouts: input.timeouts,
    answerWindowMs: Math.min(input.timeouts.answerMs, input.answerWindowMs ?? Infinity),
    peerUnreachable: false,
    failureReason: undefined,
    lastCall: undefined,
    outcome: undefined,
  }),
  output: ({ context }) => context.outcome ?? notEnded(),
  initial: 'INVITATION_RECEIVED',
  on: {
    PEER_REACHABLE: { guard: 'isPeerUnreachable', actions: 'markPeerReachable' },
    PEER_UNREACHABLE: { guard: not('isPeerUnreachable'), actions: 'markPeerUnreachable' },
    // Rehydrated from a persisted snapshot: only the timers need bringing back.
    RESTORED: { actions: 'resumeTimers' },
  },
  states: {
    INVITATION_RECEIVED: {
      tags: ['INVITATION_RECEIVED'],
      entry: 'sendReceiptIfAnswerable',
      // A pushed invitation whose answer window passed before it arrived never rings.
      always: { guard: 'isAnswerWindowOver', target: 'FAILURE', actions: fail('INVITATION_EXPIRE') },
      after: {
        answerTimeout: { target: 'FAILURE', actions: fail('INVITATION_EXPIRE') },
      },
      on: {
        ACCEPT: [
          { guard: 'hasInvalidResponse', actions: answer('INVALID_ARGUMENT') },
          { target: 'ACCEPT_SENT_TO_LOCAL', actions: ['recordResponse', answer('OK')] },
        ],
        REFUSE: [
          { guard: 'hasInvalidResponse', actions: answer('INVALID_ARGUMENT') },
          { target: 'REFUSED', actions: ['recordResponse', 'recordRefuseReason', answer('OK')] },
        ],
        IGNORE: { target: 'IGNORED', actions: answer('OK') },
        UPDATE: { actions: 'recordResponse' },
        GLARE_LOST: { target: 'REFUSED', actions: 'recordGlareLost' },
        // The receipt was lost: the caller keeps re-sending the invite until one arrives.
        PEER_INVITED: { actions: 'sendReceipt' },
        // Back from a restart: ask the caller again. One that has ended, or took another device's
        // answer meanwhile, answers with its final word and this device stops ringing.
        RESTORED: { actions: ['resumeTimers', 'sendReceipt'] },
        PEER_CANCELED: { target: 'CANCELED', actions: 'recordCancel' },
        PEER_EXPIRED: { target: 'FAILURE', actions: fail('INVITATION_EXPIRE') },
        // Another device of this user answered first: stop ringing here.
        PEER_CONFIRMED: { guard: not('isForThisDevice'), target: 'FAILURE', actions: fail('ANSWERED_ELSEWHERE') },
        PEER_ACKNOWLEDGED_REFUSAL: {
          guard: not('isForThisDevice'),
          target: 'FAILURE',
          actions: fail('REFUSED_ELSEWHERE'),
        },
        KIT_CLOSED: { target: 'FAILURE', actions: fail('NOT_LOGGEDIN') },
      },
    },
    ACCEPT_SENT_TO_LOCAL: {
      tags: ['ACCEPT_SENT_TO_LOCAL'],
      entry: 'sendAcceptance',
      initial: 'awaitingConfirmation',
      states: {
        awaitingConfirmation: {
          after: { resendInterval: { target: 'awaitingConfirmation', reenter: true, actions: 'sendAcceptance' } },
        },
      },
      after: {
        confirmTimeout: [
          { guard: 'isPeerUnreachable', target: 'FAILURE', actions: fail('PEER_OFFLINE') },
          { target: 'FAILURE', actions: fail('ACCEPT_FAILURE') },
        ],
      },
      on: {
        ACCEPT: { actions: answer('ALREADY_ACCEPT') },
        REFUSE: { actions: answer('ALREADY_ACCEPT') },
        IGNORE: { actions: answer('ALREADY_ACCEPT') },
        // The caller took one accept: this device's, or another device's that reached it first.
        PEER_CONFIRMED: [
          { guard: 'isForThisDevice', target: 'ACCEPTED' },
          { target: 'FAILURE', actions: fail('ANSWERED_ELSEWHERE') },
        ],
        // Another device's refusal reached the caller first: a refusal ends the invitation everywhere.
        PEER_ACKNOWLEDGED_REFUSAL: {
          guard: not('isForThisDevice'),
          target: 'FAILURE',
          actions: fail('REFUSED_ELSEWHERE'),
        },
        // The caller canceled before our accept reached it: its decision stands.
        PEER_CANCELED: { target: 'CANCELED', actions: 'recordCancel' },
        // The caller gave up before our accept reached it.
        PEER_EXPIRED: { target: 'FAILURE', actions: fail('INVITATION_EXPIRE') },
        KIT_CLOSED: { target: 'FAILURE', actions: fail('NOT_LOGGEDIN') },
      },
    },
    ACCEPTED: {
      tags: ['ended', 'ACCEPTED'],
      entry: [endAs('ACCEPTED'), 'notifyAccepted'],
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
      },
    },
    REFUSED: {
      tags: ['ended', 'REFUSED'],
      entry: [endAs('REFUSED'), 'sendRefusal', 'notifyRefused'],
      // Re-send the refusal until the caller acknowledges it, so the caller stops ringing.
      initial: 'awaitingRefusalAcknowledgement',
      states: {
        awaitingRefusalAcknowledgement: {
          after: {
            resendInterval: { target: 'awaitingRefusalAcknowledgement', reenter: true, actions: 'sendRefusal' },
          },
          // The caller has ended, on this refusal or on another device's answer: nothing more to say.
          on: { PEER_ACKNOWLEDGED_REFUSAL: 'lingering', PEER_CONFIRMED: 'lingering' },
        },
        lingering: {},
      },
      // Whether or not the acknowledgement came, settle after the linger period like every ended state.
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
        // A cancel that crossed our refusal: the refusal is the final word, say it again.
        PEER_CANCELED: { actions: 'sendRefusal' },
        PEER_INVITED: { actions: 'sendRefusal' },
      },
    },
    CANCELED: {
      tags: ['ended', 'CANCELED'],
      // Acknowledge first, so the caller's `canceled` follows ours.
      entry: [endAs('CANCELED'), 'sendCancelAcknowledgement', 'notifyCanceled'],
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
        PEER_CANCELED: { actions: 'sendCancelAcknowledgement' },
      },
    },
    FAILURE: {
      tags: ['ended', 'FAILURE'],
      entry: [endAs('FAILURE'), 'notifyFailure'],
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
        // Let a canceling caller finish at once instead of waiting out its cancel timeout.
        PEER_CANCELED: { actions: 'sendCancelAcknowledgement' },
      },
    },
    // The app dismissed the invitation on this device: it ends here, silently. The caller is not
    // told (another device may still answer), so it stays quiet about anything the caller sends.
    IGNORED: {
      tags: ['ended', 'IGNORED'],
      entry: endAs('IGNORED'),
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
      },
    },
    // Nothing more can happen: the actor is done, and its output is the outcome.
    SETTLED: settledState,
  },
});

function outcomeOf(context: RemoteInvitationContext, state: RemoteInvitationOutcome['state']): RemoteInvitationOutcome {
  switch (state) {
    case 'ACCEPTED':
    case 'REFUSED':
      return { state, response: context.response };
    case 'CANCELED':
      return { state, reason: context.cancelReason };
    case 'IGNORED':
      return { state };
    case 'FAILURE':
      return { state, reason: context.failureReason ?? 'NOT_LOGGEDIN' };
  }
}

/** SETTLED is entered from ended states only, each of which recorded the outcome on entry. */
function notEnded(): never {
  throw new Error('The callee chart settled without an outcome');
}
