/**
 * Deliberately broken charts, one or more per invariant. mutants.test.ts runs
 * each invariant's own check against its mutant and requires it to fail: the
 * proof that the check can see the bug it is there for.
 *
 * Mutants are built in test code only: `.provide()` swaps an implementation
 * (an action, guard or delay); `rechart()` changes the chart's structure and
 * keeps the package's implementations.
 */
import { assign, createMachine, emit, type AnyStateMachine } from 'xstate';
import type { InvitationApiCallError } from '../../machines/constants.js';
import { localInvitationMachine, remoteInvitationMachine } from '../../machines/index.js';
import { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, isValidUserId } from '../../protocol/limits.js';
import type { ChartsUnderTest } from './harness/world.js';

type ChartConfig = AnyStateMachine['config'];
type StateConfigs = NonNullable<ChartConfig['states']>;

/** A copy of `machine` whose state `stateName` handles `eventType` as `transition` instead. */
export function rechart<TMachine extends AnyStateMachine>(
  machine: TMachine,
  stateName: string,
  eventType: string,
  transition: object | undefined,
): TMachine {
  const states: StateConfigs = machine.config.states ?? {};
  const state = states[stateName];
  if (!state) throw new Error(`no state ${stateName}`);
  // XState runs nothing for an action or guard name it does not know, so a typo here would plant a different bug.
  for (const name of namedImplementations(transition)) {
    const { actions, guards } = machine.implementations;
    if (!(name.kind === 'action' ? actions : guards)[name.name]) {
      throw new Error(`rechart: the chart has no ${name.kind} named ${name.name}`);
    }
  }
  const on: Record<string, unknown> = { ...(state.on as Record<string, unknown> | undefined) };
  if (transition === undefined) delete on[eventType];
  else on[eventType] = transition;
  const config = { ...machine.config, states: { ...states, [stateName]: { ...state, on } } } as ChartConfig;
  // The same implementations as the package's chart, under the changed structure.
  const variant: AnyStateMachine = createMachine(config, machine.implementations);
  return variant as TMachine;
}

/** The actions and guards a transition config names by string. */
function namedImplementations(transition: object | undefined): { kind: 'action' | 'guard'; name: string }[] {
  const names: { kind: 'action' | 'guard'; name: string }[] = [];
  for (const candidate of transition === undefined ? [] : Array.isArray(transition) ? transition : [transition]) {
    const { actions, guard } = candidate as { actions?: unknown; guard?: unknown };
    for (const action of Array.isArray(actions) ? actions : [actions]) {
      if (typeof action === 'string') names.push({ kind: 'action', name: action });
    }
    if (typeof guard === 'string') names.push({ kind: 'guard', name: guard });
  }
  return names;
}

/** A mutant: what is broken, and the charts that carry the break. */
export interface Mutant {
  readonly name: string;
  readonly charts: ChartsUnderTest;
}

/** Invariant 1: the caller never expires a ringing invitation (answer timeout ten times too long). */
export const callerNeverExpires: Mutant = {
  name: 'caller answerTimeout ×10',
  charts: {
    localInvitation: localInvitationMachine.provide({ delays: { answerTimeout: ({ context }) => 10 * context.timeouts.answerMs } }),
  },
};

/** Invariant 2: the caller skips `receivedByPeer` (a no-op action). */
export const callerSkipsReceivedByPeer: Mutant = {
  name: 'caller notifyReceivedByPeer does nothing',
  charts: { localInvitation: localInvitationMachine.provide({ actions: { notifyReceivedByPeer: () => {} } }) },
};

/** Invariant 2: each duplicate accept re-fires the caller's `accepted`. */
export const callerRenotifiesOnDuplicateAccept: Mutant = {
  name: 'caller sendConfirmation also emits accepted',
  charts: {
    localInvitation: rechart(localInvitationMachine, 'ACCEPTED_BY_REMOTE', 'PEER_ACCEPTED', {
      actions: ['sendConfirmation', 'notifyAccepted'],
    }),
  },
};

/** Invariant 2: the caller gives up on the cancel confirmation at once, before the callee's `canceled`. */
export const callerCancelsWithoutWaiting: Mutant = {
  name: 'caller confirmTimeout 1 ms',
  charts: { localInvitation: localInvitationMachine.provide({ delays: { confirmTimeout: 1 } }) },
};

/** Invariant 3: an accept that crosses a cancel wins on the caller, while the callee takes the cancel. */
export const acceptBeatsCancel: Mutant = {
  name: 'caller CANCELING + PEER_ACCEPTED → ACCEPTED_BY_REMOTE',
  charts: {
    // Keeps the receipt bookkeeping of the real chart, so that only the arbitration is broken.
    localInvitation: rechart(localInvitationMachine, 'CANCELING', 'PEER_ACCEPTED', [
      {
        guard: 'isAwaitingReceipt',
        target: 'ACCEPTED_BY_REMOTE',
        actions: ['recordAcknowledged', 'notifyReceivedByPeer', 'recordAnswer'],
      },
      { target: 'ACCEPTED_BY_REMOTE', actions: 'recordAnswer' },
    ]),
  },
};

/**
 * Invariant 2: the caller's chart as it was before commit e929bc5: CANCELING
 * ignores the receipt, and a refusal crossing the cancel ends it without
 * `receivedByPeer`. The race property found this bug in the real chart.
 */
export const cancelingIgnoresReceipt: Mutant = {
  name: 'caller CANCELING ignores PEER_RECEIVED (the chart before e929bc5)',
  charts: {
    localInvitation: rechart(
      rechart(localInvitationMachine, 'CANCELING', 'PEER_RECEIVED', undefined),
      'CANCELING',
      'PEER_REFUSED',
      { target: 'REFUSED_BY_REMOTE', actions: 'recordAnswer' },
    ),
  },
};

/** Invariant 3: the callee stops waiting for the confirmation almost at once. */
export const calleeImpatientForConfirmation: Mutant = {
  name: 'callee confirmTimeout 1 ms',
  charts: { remoteInvitation: remoteInvitationMachine.provide({ delays: { confirmTimeout: 1 } }) },
};

/** Invariant 4: the callee answers ALREADY_END where ALREADY_ACCEPT is due. */
export const calleeMisreportsAlreadyAccept: Mutant = {
  name: 'callee answer: ALREADY_ACCEPT reported as ALREADY_END',
  charts: {
    remoteInvitation: remoteInvitationMachine.provide({
      actions: {
        answer: assign((_, params: { result: InvitationApiCallError }) => ({
          lastCall: { result: params.result === 'ALREADY_ACCEPT' ? 'ALREADY_END' : params.result },
        })),
      },
    }),
  },
};

/** Invariant 5: the caller measures content in UTF-16 units instead of UTF-8 bytes. */
export const callerCountsUtf16Units: Mutant = {
  name: 'caller hasInvalidArgument counts string.length',
  charts: {
    localInvitation: localInvitationMachine.provide({
      guards: {
        hasInvalidArgument: ({ context }) =>
          !isValidUserId(context.calleeId) ||
          context.content.length > MAX_PAYLOAD_BYTES ||
          context.channelId.length > MAX_CHANNEL_ID_BYTES,
      },
    }),
  },
};

/** Invariant 5: the invite loses its channelId on the way out. */
export const callerDropsChannelId: Mutant = {
  name: 'caller sendInvite sends an empty channelId',
  charts: {
    localInvitation: localInvitationMachine.provide({
      actions: {
        sendInvite: emit(({ context }) => ({
          type: 'transmit' as const,
          message: {
            type: 'invite' as const,
            id: context.id,
            device: context.deviceId,
            content: context.content,
            channelId: '',
          },
        })),
      },
    }),
  },
};

/**
 * Invariant 6: the callee keeps "the invitation that rang last" in shared
 * state and accepts that one, the classic keyed-by-the-wrong-thing bug. A
 * factory, so that each run starts from clean shared state.
 */
export function calleeAcceptsTheLatestRing(): Mutant {
  let latestRing: string | undefined;
  return {
    name: 'callee sendAcceptance uses the id of the invitation that rang last',
    charts: {
      remoteInvitation: remoteInvitationMachine.provide({
        actions: {
          sendReceipt: emit(({ context }) => {
            latestRing = context.id;
            return {
              type: 'transmit' as const,
              message: { type: 'receipt' as const, id: context.id, device: context.deviceId, to: context.callerDeviceId },
            };
          }),
          sendAcceptance: emit(({ context }) => ({
            type: 'transmit' as const,
            message: {
              type: 'accept' as const,
              id: latestRing ?? context.id,
              device: context.deviceId,
              to: context.callerDeviceId,
              response: context.response,
            },
          })),
        },
      }),
    },
  };
}

/** Invariant 7: a late or replayed accept revives a canceled invitation. */
export const canceledRevivedByAccept: Mutant = {
  name: 'caller CANCELED + PEER_ACCEPTED → ACCEPTED_BY_REMOTE',
  charts: {
    localInvitation: rechart(localInvitationMachine, 'CANCELED', 'PEER_ACCEPTED', {
      target: 'ACCEPTED_BY_REMOTE',
      actions: 'recordAnswer',
    }),
  },
};

/** Invariant 7: a replayed expire fails a callee whose call already connected. */
export const acceptedCalleeFailsOnExpire: Mutant = {
  name: 'callee ACCEPTED + PEER_EXPIRED → FAILURE',
  charts: {
    remoteInvitation: rechart(remoteInvitationMachine, 'ACCEPTED', 'PEER_EXPIRED', { target: 'FAILURE' }),
  },
};

/** Invariant 8: the caller never announces that it settled, so the kit never stops its actor. */
export const callerNeverSettles: Mutant = {
  name: 'caller announceSettled does nothing',
  charts: { localInvitation: localInvitationMachine.provide({ actions: { announceSettled: () => {} } }) },
};

/** Coverage: RECEIVED_BY_REMOTE gains `PEER_BUSY → REFUSED_BY_REMOTE`, an event no test sends. */
export const callerWithUntestableTransition: typeof localInvitationMachine = rechart(
  localInvitationMachine,
  'RECEIVED_BY_REMOTE',
  'PEER_BUSY',
  { target: 'REFUSED_BY_REMOTE' },
);

/** Invariant 9: a callee device takes any confirmation as its own, whichever device it names. */
export const calleeIgnoresWhichDeviceWon: Mutant = {
  name: 'callee isForThisDevice always true',
  charts: {
    remoteInvitation: remoteInvitationMachine.provide({ guards: { isForThisDevice: () => true } }),
  },
};

/** Invariant 9, glare: neither side gives up the losing invitation. */
export const glareIgnored: Mutant = {
  name: 'caller and callee ignore GLARE_LOST',
  charts: {
    localInvitation: rechart(
      rechart(localInvitationMachine, 'SENT_TO_REMOTE', 'GLARE_LOST', undefined),
      'RECEIVED_BY_REMOTE',
      'GLARE_LOST',
      undefined,
    ),
    remoteInvitation: rechart(remoteInvitationMachine, 'INVITATION_RECEIVED', 'GLARE_LOST', undefined),
  },
};
