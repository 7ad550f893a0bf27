/**
 * The charts end the way XState users expect: every ended state moves, after
 * its linger period, to SETTLED, a top-level final state. The actor's status
 * becomes `done` and its `output` is the outcome, so a parent machine's
 * `invoke … onDone` and `waitFor(actor, (s) => s.status === 'done')` work.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { assign, createActor, sendTo, setup, waitFor, type ActorRefFrom } from 'xstate';
import {
  DEFAULT_TIMEOUTS,
  localInvitationMachine,
  localInvitationStateOf,
  remoteInvitationMachine,
  remoteInvitationStateOf,
  type LocalInvitationOutcome,
} from '../../machines/index.js';

const callerInput = { id: 'inv', deviceId: 'phone', calleeId: 'bob', content: 'hi', channelId: 'room', timeouts: DEFAULT_TIMEOUTS };
const calleeInput = {
  id: 'inv',
  deviceId: 'laptop',
  callerId: 'alice',
  callerDeviceId: 'phone',
  content: 'hi',
  channelId: 'room',
  timeouts: DEFAULT_TIMEOUTS,
};

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SETTLED, the top-level final state', () => {
  it('ends the caller with the outcome as output, reached lingerMs after the ending and not before', async () => {
    const actor = createActor(localInvitationMachine, { input: callerInput }).start();
    actor.send({ type: 'SEND' });
    actor.send({ type: 'PEER_REFUSED', device: 'laptop', response: 'later', reason: 'busy' });
    expect(actor.getSnapshot().hasTag('ended')).toBe(true);
    expect(actor.getSnapshot().status).toBe('active');
    const done = waitFor(actor, (snapshot) => snapshot.status === 'done');
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUTS.lingerMs - 1);
    expect(actor.getSnapshot().status).toBe('active');
    await vi.advanceTimersByTimeAsync(1);
    const snapshot = await done;
    expect(snapshot.value).toBe('SETTLED');
    expect(snapshot.output).toEqual({ state: 'REFUSED_BY_REMOTE', response: 'later', reason: 'busy' });
    // The public state survives the end: it is read from the output.
    expect(localInvitationStateOf(snapshot)).toBe('REFUSED_BY_REMOTE');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends the callee with the outcome as output, for every way it can end', async () => {
    const endings = [
      { drive: [{ type: 'ACCEPT', response: 'on my way' }, { type: 'PEER_CONFIRMED', to: 'laptop' }], output: { state: 'ACCEPTED', response: 'on my way' } },
      { drive: [{ type: 'REFUSE', response: 'no', reason: 'declined' }], output: { state: 'REFUSED', response: 'no' } },
      { drive: [{ type: 'PEER_CANCELED', content: 'hi', reason: 'wrong number' }], output: { state: 'CANCELED', reason: 'wrong number' } },
      { drive: [{ type: 'IGNORE' }], output: { state: 'IGNORED' } },
      { drive: [{ type: 'PEER_CONFIRMED', to: 'tablet' }], output: { state: 'FAILURE', reason: 'ANSWERED_ELSEWHERE' } },
    ] as const;
    for (const ending of endings) {
      const actor = createActor(remoteInvitationMachine, { input: calleeInput }).start();
      for (const event of ending.drive) actor.send(event);
      await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUTS.lingerMs);
      const snapshot = actor.getSnapshot();
      expect(snapshot.status, ending.output.state).toBe('done');
      expect(snapshot.output).toEqual(ending.output);
      expect(remoteInvitationStateOf(snapshot)).toBe(ending.output.state);
    }
  });

  it('fires invoke … onDone in a parent machine, with the outcome', async () => {
    const parent = setup({
      types: { context: {} as { outcome: LocalInvitationOutcome | undefined } },
      actors: { invitation: localInvitationMachine },
    }).createMachine({
      context: { outcome: undefined },
      initial: 'calling',
      states: {
        calling: {
          invoke: {
            id: 'invitation',
            src: 'invitation',
            input: callerInput,
            onDone: { target: 'over', actions: assign({ outcome: ({ event }) => event.output }) },
          },
          entry: sendTo('invitation', { type: 'SEND' }),
        },
        over: { type: 'final' },
      },
    });
    const app = createActor(parent).start();
    const invitation = app.getSnapshot().children['invitation'] as ActorRefFrom<typeof localInvitationMachine> | undefined;
    expect(invitation?.getSnapshot().value).toEqual({ SENT_TO_REMOTE: 'awaitingReceipt' });
    // Nobody answers: the caller fails with PEER_NO_RESPONSE, lingers, and settles.
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUTS.acknowledgeMs + DEFAULT_TIMEOUTS.lingerMs);
    expect(app.getSnapshot().value).toBe('over');
    expect(app.getSnapshot().context.outcome).toEqual({ state: 'FAILURE', reason: 'PEER_NO_RESPONSE' });
  });

  it('keeps the outcome in context from the moment the invitation ends, before it settles', () => {
    const actor = createActor(localInvitationMachine, { input: callerInput }).start();
    expect(actor.getSnapshot().context.outcome).toBeUndefined();
    actor.send({ type: 'SEND' });
    actor.send({ type: 'CANCEL', reason: 'misdial' });
    expect(actor.getSnapshot().context.outcome).toBeUndefined();
    actor.send({ type: 'PEER_CANCELED', device: 'laptop' });
    expect(actor.getSnapshot().context.outcome).toEqual({ state: 'CANCELED' });
    actor.stop();
  });
});
