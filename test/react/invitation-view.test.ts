import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallKit, type CallKit, type RemoteInvitation } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { invitationViewSourceOf } from '../../react/invitation-view.js';

const kits: CallKit[] = [];

afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
});

function twoUsers(timeouts = {}) {
  const network = createMemoryNetwork();
  const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts });
  const bob = createCallKit({ userId: 'bob', transport: network.connect('bob'), timeouts });
  kits.push(alice, bob);
  const received: RemoteInvitation[] = [];
  bob.on('remoteInvitationReceived', (invitation) => received.push(invitation));
  return { network, alice, bob, received };
}

describe('the view source behind useInvitation', () => {
  it('reads state, response and reason from the chart, for the caller and the callee', async () => {
    const { alice, received } = twoUsers();
    const invitation = alice.createLocalInvitation('bob');
    const callerView = invitationViewSourceOf(invitation);
    expect(callerView.getSnapshot()).toEqual({
      side: 'caller',
      state: 'IDLE',
      chartState: 'IDLE',
      response: '',
      reason: undefined,
      ended: false,
    });

    invitation.send();
    await vi.waitFor(() => expect(received).toHaveLength(1));
    const calleeView = invitationViewSourceOf(received[0]!);
    expect(calleeView.getSnapshot()).toMatchObject({ side: 'callee', state: 'INVITATION_RECEIVED', ended: false });

    received[0]!.accept('coming');
    await vi.waitFor(() => expect(calleeView.getSnapshot().state).toBe('ACCEPTED'));
    expect(callerView.getSnapshot()).toMatchObject({ state: 'ACCEPTED_BY_REMOTE', response: 'coming', ended: true });
    expect(calleeView.getSnapshot()).toMatchObject({ response: 'coming', ended: true });
  });

  it('keeps the same view object through chart steps that change nothing shown', async () => {
    // The callee never answers the acknowledgement: the caller re-sends every 20 ms.
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts: { resendMs: 20 } });
    kits.push(alice);
    network.connect('bob');
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    const source = invitationViewSourceOf(invitation);
    const views = new Set<unknown>();
    let steps = 0;
    const stop = source.subscribe(() => {
      steps++;
      views.add(source.getSnapshot());
    });
    await vi.waitFor(() => expect(steps).toBeGreaterThanOrEqual(3));
    stop();
    expect(views.size).toBe(1);
    expect(source.getSnapshot().state).toBe('SENT_TO_REMOTE');
  });

  it('reports CANCELING as the chart state while the public state stays RECEIVED_BY_REMOTE', async () => {
    const { network, alice, received } = twoUsers();
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await vi.waitFor(() => expect(invitation.state).toBe('RECEIVED_BY_REMOTE'));
    expect(received).toHaveLength(1);
    // The cancel cannot reach bob, so the caller waits in CANCELING.
    network.disconnect('bob');
    invitation.cancel();
    expect(invitationViewSourceOf(invitation).getSnapshot()).toMatchObject({
      state: 'RECEIVED_BY_REMOTE',
      chartState: 'CANCELING',
    });
  });

  it('gives one shared source per invitation, still readable after the kit stopped the actor', async () => {
    const { alice } = twoUsers({ lingerMs: 10 });
    const invitation = alice.createLocalInvitation('nobody-here', {});
    invitation.send();
    expect(invitationViewSourceOf(invitation)).toBe(invitationViewSourceOf(invitation));
    await alice.close();
    const view = invitationViewSourceOf(invitation).getSnapshot();
    expect(view).toMatchObject({ state: 'FAILURE', reason: 'NOT_LOGGEDIN', ended: true });
    expect(invitation.actor.getSnapshot().status).toBe('stopped');
    const unsubscribe = invitationViewSourceOf(invitation).subscribe(() => {});
    unsubscribe();
  });
});
