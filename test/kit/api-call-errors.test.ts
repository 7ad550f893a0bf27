import { describe, expect, it } from 'vitest';
import { InvitationApiCallError } from '../../index.js';
import { call, settle, useCallHarnesses } from '../support/call-harness.js';

const harnesses = useCallHarnesses();

describe('caller API errors', () => {
  it('answers NOT_STARTED to cancel before send', () => {
    const harness = harnesses.create();
    const invitation = harness.alice.createLocalInvitation('bob');
    expect(invitation.cancel()).toBe(InvitationApiCallError.NOT_STARTED);
    expect(invitation.state).toBe('IDLE');
  });

  it('answers ALREADY_SENT to a second send, while ringing and while canceling', async () => {
    const harness = harnesses.create({ network: { latency: { minMs: 5, maxMs: 5 } } });
    const invitation = call(harness);
    expect(invitation.send()).toBe('ALREADY_SENT');
    await settle(12);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    expect(invitation.send()).toBe('ALREADY_SENT');
    invitation.cancel();
    expect(invitation.send()).toBe('ALREADY_SENT');
    expect(invitation.cancel()).toBe('OK');
  });

  it('answers ALREADY_END to send and cancel after every ending', async () => {
    const harness = harnesses.create({ onIncoming: (remote) => remote.refuse() });
    const invitation = call(harness);
    await settle(10);
    expect(invitation.state).toBe('REFUSED_BY_REMOTE');
    expect(invitation.send()).toBe('ALREADY_END');
    expect(invitation.cancel()).toBe('ALREADY_END');
  });
});

describe('callee API errors', () => {
  it('answers ALREADY_ACCEPT to accept or refuse after accept', async () => {
    const harness = harnesses.create({ network: { latency: { minMs: 5, maxMs: 5 } } });
    call(harness);
    await settle(8);
    const remote = harness.incoming[0]!;
    expect(remote.accept()).toBe('OK');
    expect(remote.accept()).toBe('ALREADY_ACCEPT');
    expect(remote.refuse()).toBe('ALREADY_ACCEPT');
  });

  it('answers ALREADY_END to accept and refuse after every ending', async () => {
    const harness = harnesses.create();
    const invitation = call(harness);
    await settle(5);
    invitation.cancel();
    await settle(5);
    const remote = harness.incoming[0]!;
    expect(remote.state).toBe('CANCELED');
    expect(remote.accept()).toBe('ALREADY_END');
    expect(remote.refuse()).toBe('ALREADY_END');
  });

  it('gives an app that answers from inside a callback the same synchronous answers', async () => {
    const answers: string[] = [];
    const harness = harnesses.create({
      onIncoming: (remote) => {
        answers.push(remote.accept(), remote.accept(), remote.refuse());
      },
    });
    const invitation = call(harness);
    const sendAnswers: string[] = [];
    invitation.on('receivedByPeer', () => sendAnswers.push(invitation.send()));
    await settle(10);
    expect(answers).toEqual(['OK', 'ALREADY_ACCEPT', 'ALREADY_ACCEPT']);
    expect(sendAnswers).toEqual(['ALREADY_SENT']);
  });
});
