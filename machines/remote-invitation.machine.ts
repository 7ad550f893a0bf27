import { assign, emit, not, setup } from 'xstate';
import { MAX_PAYLOAD_BYTES, isStringWithin } from '../protocol/limits.js';
import { answer, fail, lingerThenSettle } from './chart-parts.js';
import type { InvitationApiCallError, RemoteInvitationFailureReason } from './constants.js';
import type {
  RemoteInvitationContext,
  RemoteInvitationEmitted,
  RemoteInvitationEvent,
  RemoteInvitationInput,
} from './remote-invitation.types.js';


/** In every ended state, both callee API calls answer ALREADY_END. */
const calleeCallsAfterTheEnd = {
  ACCEPT: { actions: answer('ALREADY_END') },
  REFUSE: { actions: answer('ALREADY_END') },
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
  },
  delays: {
    answerTimeout: ({ context }) => context.timeouts.answerMs,
    confirmTimeout: ({ context }) => context.timeouts.confirmMs,
    resendInterval: ({ context }) => context.timeouts.resendMs,
    lingerPeriod: ({ context }) => context.timeouts.lingerMs,
  },
  guards: {
    hasInvalidResponse: ({ context, event }) => {
      const response = (event.type === 'ACCEPT' || event.type === 'REFUSE' ? event.response : undefined) ?? context.response;
      return !isStringWithin(response, MAX_PAYLOAD_BYTES);
    },
    isPeerUnreachable: ({ context }) => context.peerUnreachable,
  },
  actions: {
    answer: assign((_, params: { result: InvitationApiCallError }) => ({ lastCall: { result: params.result } })),
    recordResponse: assign(({ context, event }) =>
      event.type === 'ACCEPT' || event.type === 'REFUSE' || event.type === 'UPDATE'
        ? { response: event.response ?? context.response }
        : {},
    ),
    recordFailure: assign((_, params: { reason: RemoteInvitationFailureReason }) => ({ failureReason: params.reason })),
    markPeerReachable: assign({ peerUnreachable: false }),
    markPeerUnreachable: assign({ peerUnreachable: true }),
    sendReceipt: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'receipt' as const, id: context.id },
    })),
    sendAcceptance: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'accept' as const, id: context.id, response: context.response },
    })),
    sendRefusal: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'refuse' as const, id: context.id, response: context.response },
    })),
    sendCancelAcknowledgement: emit(({ context }) => ({
      type: 'transmit' as const,
      message: { type: 'cancel-ack' as const, id: context.id },
    })),
    notifyAccepted: emit({ type: 'accepted' as const }),
    notifyRefused: emit({ type: 'refused' as const }),
    notifyCanceled: emit({ type: 'canceled' as const }),
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
    callerId: input.callerId,
    content: input.content,
    channelId: input.channelId,
    response: '',
    timeouts: input.timeouts,
    peerUnreachable: false,
    failureReason: undefined,
    lastCall: undefined,
  }),
  initial: 'INVITATION_RECEIVED',
  on: {
    PEER_REACHABLE: { guard: 'isPeerUnreachable', actions: 'markPeerReachable' },
    PEER_UNREACHABLE: { guard: not('isPeerUnreachable'), actions: 'markPeerUnreachable' },
  },
  states: {
    INVITATION_RECEIVED: {
      entry: 'sendReceipt',
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
          { target: 'REFUSED', actions: ['recordResponse', answer('OK')] },
        ],
        UPDATE: { actions: 'recordResponse' },
        // The receipt was lost: the caller keeps re-sending the invite until one arrives.
        PEER_INVITED: { actions: 'sendReceipt' },
        PEER_CANCELED: { target: 'CANCELED' },
        PEER_EXPIRED: { target: 'FAILURE', actions: fail('INVITATION_EXPIRE') },
        KIT_CLOSED: { target: 'FAILURE', actions: fail('NOT_LOGGEDIN') },
      },
    },
    ACCEPT_SENT_TO_LOCAL: {
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
        PEER_CONFIRMED: { target: 'ACCEPTED' },
        // The caller canceled before our accept reached it: its decision stands.
        PEER_CANCELED: { target: 'CANCELED' },
        // The caller gave up before our accept reached it.
        PEER_EXPIRED: { target: 'FAILURE', actions: fail('INVITATION_EXPIRE') },
        KIT_CLOSED: { target: 'FAILURE', actions: fail('NOT_LOGGEDIN') },
      },
    },
    ACCEPTED: {
      tags: ['ended'],
      entry: 'notifyAccepted',
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
      },
    },
    REFUSED: {
      tags: ['ended'],
      entry: ['sendRefusal', 'notifyRefused'],
      // Re-send the refusal until the caller acknowledges it, so the caller stops ringing.
      initial: 'awaitingRefusalAcknowledgement',
      states: {
        awaitingRefusalAcknowledgement: {
          after: {
            resendInterval: { target: 'awaitingRefusalAcknowledgement', reenter: true, actions: 'sendRefusal' },
          },
          on: { PEER_ACKNOWLEDGED_REFUSAL: 'lingering' },
        },
        lingering: {},
        settled: { type: 'final', entry: 'announceSettled' },
      },
      // Whether or not the acknowledgement came, stop after the linger period like every ended state.
      after: { lingerPeriod: '.settled' },
      on: {
        ...calleeCallsAfterTheEnd,
        // A cancel that crossed our refusal: the refusal is the final word, say it again.
        PEER_CANCELED: { actions: 'sendRefusal' },
        PEER_INVITED: { actions: 'sendRefusal' },
      },
    },
    CANCELED: {
      tags: ['ended'],
      // Acknowledge first, so the caller's `canceled` follows ours.
      entry: ['sendCancelAcknowledgement', 'notifyCanceled'],
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
        PEER_CANCELED: { actions: 'sendCancelAcknowledgement' },
      },
    },
    FAILURE: {
      tags: ['ended'],
      entry: 'notifyFailure',
      ...lingerThenSettle,
      on: {
        ...calleeCallsAfterTheEnd,
        // Let a canceling caller finish at once instead of waiting out its cancel timeout.
        PEER_CANCELED: { actions: 'sendCancelAcknowledgement' },
      },
    },
  },
});
