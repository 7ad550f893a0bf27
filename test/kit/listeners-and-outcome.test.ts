import { describe, expect, it } from 'vitest';
import type { RemoteInvitation } from '../../kit/index.js';
import { call, settle, useCallHarnesses } from '../support/call-harness.js';

const harnesses = useCallHarnesses();

describe('once', () => {
  it('calls a kit handler for the first incoming invitation only', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    harness.bob.once('remoteInvitationReceived', (invitation) => heard.push(invitation.content));
    call(harness, { content: 'first' });
    call(harness, { content: 'second' });
    await settle(20);
    expect(harness.incoming.map((invitation) => invitation.content)).toEqual(['first', 'second']);
    expect(heard).toEqual(['first']);
  });

  it('calls an invitation handler once even when a second emission comes before the first microtask', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    harness.bob.once('remoteInvitationReceived', () => heard.push('once'));
    harness.bob.on('remoteInvitationReceived', () => heard.push('on'));
    // Both invites arrive in the same tick of the network.
    call(harness);
    call(harness);
    await settle(20);
    expect(heard).toEqual(['once', 'on', 'on']);
  });

  it('returns a remover that stops a handler that has not fired yet', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    const remove = harness.bob.once('remoteInvitationReceived', () => heard.push('once'));
    remove();
    call(harness);
    await settle(20);
    expect(harness.incoming).toHaveLength(1);
    expect(heard).toEqual([]);
  });
});

describe('off', () => {
  it('removes a handler registered with on, on the kit and on both invitations', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    const onIncoming = (invitation: RemoteInvitation) => {
      heard.push('bob:received');
      const onCanceled = () => heard.push('bob:canceled');
      invitation.on('canceled', onCanceled);
      invitation.off('canceled', onCanceled);
    };
    harness.bob.on('remoteInvitationReceived', onIncoming);
    const invitation = call(harness);
    const onReceived = () => heard.push('alice:receivedByPeer');
    const onCanceled = () => heard.push('alice:canceled');
    invitation.on('receivedByPeer', onReceived);
    invitation.on('canceled', onCanceled);
    invitation.off('canceled', onCanceled);
    await settle(20);
    harness.bob.off('remoteInvitationReceived', onIncoming);
    invitation.cancel();
    call(harness);
    await settle(20);
    expect(invitation.state).toBe('CANCELED');
    expect(harness.incoming).toHaveLength(2);
    expect(heard).toEqual(['bob:received', 'alice:receivedByPeer']);
  });

  it('removes a handler registered with once', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    const handler = () => heard.push('once');
    harness.bob.once('remoteInvitationReceived', handler);
    harness.bob.off('remoteInvitationReceived', handler);
    call(harness);
    await settle(20);
    expect(heard).toEqual([]);
  });

  it('stops a handler whose emission is already queued when an earlier handler removes it', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    const second = () => heard.push('second');
    harness.bob.on('remoteInvitationReceived', () => {
      heard.push('first');
      harness.bob.off('remoteInvitationReceived', second);
    });
    harness.bob.on('remoteInvitationReceived', second);
    call(harness);
    await settle(20);
    expect(heard).toEqual(['first']);
  });

  it('rejects an unknown event name, as on() does', () => {
    const harness = harnesses.create();
    const off = harness.bob.off as (event: string, handler: () => void) => void;
    expect(() => off('remoteInvitationRecieved', () => {})).toThrow(TypeError);
  });
});

describe('the signal option', () => {
  it('removes every handler registered with the signal when it aborts', async () => {
    const harness = harnesses.create();
    const controller = new AbortController();
    const heard: string[] = [];
    harness.bob.on('remoteInvitationReceived', () => heard.push('on'), { signal: controller.signal });
    harness.bob.once('remoteInvitationReceived', () => heard.push('once'), { signal: controller.signal });
    const invitation = harness.alice.createLocalInvitation('bob');
    invitation.on('receivedByPeer', () => heard.push('receivedByPeer'), { signal: controller.signal });
    controller.abort();
    invitation.send();
    await settle(20);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    expect(heard).toEqual([]);
  });

  it('registers nothing when the signal has already aborted', async () => {
    const harness = harnesses.create();
    const heard: string[] = [];
    harness.bob.on('remoteInvitationReceived', () => heard.push('on'), { signal: AbortSignal.abort() });
    call(harness);
    await settle(20);
    expect(harness.incoming).toHaveLength(1);
    expect(heard).toEqual([]);
  });

  it('keeps the handler until the signal aborts', async () => {
    const harness = harnesses.create();
    const controller = new AbortController();
    const heard: string[] = [];
    harness.bob.on('remoteInvitationReceived', (invitation) => heard.push(invitation.content), {
      signal: controller.signal,
    });
    call(harness, { content: 'before' });
    await settle(20);
    controller.abort();
    call(harness, { content: 'after' });
    await settle(20);
    expect(heard).toEqual(['before']);
  });
});

describe('the outcome promise', () => {
  it('resolves with the response on both sides of an accepted call', async () => {
    const harness = harnesses.create({ onIncoming: (invitation) => invitation.accept('see you') });
    const invitation = call(harness);
    await settle(20);
    await expect(invitation.outcome).resolves.toEqual({ state: 'ACCEPTED_BY_REMOTE', response: 'see you' });
    await expect(harness.incoming[0]!.outcome).resolves.toEqual({ state: 'ACCEPTED', response: 'see you' });
  });

  it('resolves with the response and the reason on both sides of a refused call', async () => {
    const harness = harnesses.create({ onIncoming: (invitation) => invitation.refuse({ reason: 'busy', response: 'busy' }) });
    const invitation = call(harness);
    const callerOutcome = invitation.outcome;
    await settle(20);
    await expect(callerOutcome).resolves.toEqual({ state: 'REFUSED_BY_REMOTE', response: 'busy', reason: 'busy' });
    await expect(harness.incoming[0]!.outcome).resolves.toEqual({ state: 'REFUSED', response: 'busy' });
  });

  it('resolves CANCELED on both sides of a canceled call, with the cancel reason on the callee', async () => {
    const harness = harnesses.create();
    const invitation = call(harness);
    await settle(20);
    const calleeOutcome = harness.incoming[0]!.outcome;
    invitation.cancel({ reason: 'changed my mind' });
    await settle(20);
    await expect(invitation.outcome).resolves.toEqual({ state: 'CANCELED' });
    await expect(calleeOutcome).resolves.toEqual({ state: 'CANCELED', reason: 'changed my mind' });
  });

  it('resolves IGNORED on a device that ignored the invitation, which no callback announces', async () => {
    const harness = harnesses.create();
    call(harness);
    await settle(20);
    const incoming = harness.incoming[0]!;
    const calleeOutcome = incoming.outcome;
    expect(incoming.ignore()).toBe('OK');
    await expect(calleeOutcome).resolves.toEqual({ state: 'IGNORED' });
    expect(incoming.ignore()).toBe('ALREADY_END');
  });

  it('resolves with the failure reason', async () => {
    const harness = harnesses.create();
    const invitation = harness.alice.createLocalInvitation('nobody');
    invitation.send();
    await settle(30_000);
    await expect(invitation.outcome).resolves.toEqual({ state: 'FAILURE', reason: 'PEER_OFFLINE' });
  });

  it('resolves FAILURE(NOT_LOGGEDIN) for an invitation still pending when its kit closes', async () => {
    const harness = harnesses.create();
    const invitation = call(harness);
    await settle(20);
    const remote = harness.incoming[0]!;
    await harness.close();
    await expect(invitation.outcome).resolves.toEqual({ state: 'FAILURE', reason: 'NOT_LOGGEDIN' });
    await expect(remote.outcome).resolves.toEqual({ state: 'FAILURE', reason: 'NOT_LOGGEDIN' });
  });

  it('stays pending while the invitation has not ended', async () => {
    const harness = harnesses.create();
    const invitation = call(harness);
    let settled = false;
    void invitation.outcome.then(() => {
      settled = true;
    });
    await settle(20);
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');
    expect(settled).toBe(false);
  });

  it('resolves after the ending callback has run, and is the same promise every time', async () => {
    const harness = harnesses.create({ onIncoming: (invitation) => invitation.accept('ok') });
    const invitation = call(harness);
    const order: string[] = [];
    invitation.on('accepted', () => order.push('callback'));
    void invitation.outcome.then(() => order.push('outcome'));
    await settle(20);
    expect(order).toEqual(['callback', 'outcome']);
    expect(invitation.outcome).toBe(invitation.outcome);
  });
});
