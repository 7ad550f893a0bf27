import { createElement, type ReactElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallKit, type CallKit, type LocalInvitation, type RemoteInvitation } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { useCallKit, useIncomingInvitations, useInvitation } from '../../react/index.js';

// React 19's server renderer runs the hooks once, without effects: enough to
// check what a component shows for a given kit and invitation. Re-rendering on
// change is checked in a real browser by test/browser (the demo uses these hooks).

const kits: CallKit[] = [];

afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
});

function render(element: ReactElement): string {
  // Strips React's text separators so assertions read like the page.
  return renderToString(element).replaceAll('<!-- -->', '');
}

function Status({ invitation }: { invitation: LocalInvitation | RemoteInvitation }) {
  const { state, chartState, response, reason, ended } = useInvitation(invitation);
  return createElement('p', null, `${state}|${chartState}|${response}|${reason ?? '-'}|${ended ? 'ended' : 'live'}`);
}

function Ringing({ kit, keepEnded }: { kit: CallKit | undefined; keepEnded?: number }) {
  const invitations = useIncomingInvitations(kit, keepEnded === undefined ? {} : { keepEnded });
  return createElement('ul', null, invitations.map((invitation) => createElement('li', { key: invitation.id }, invitation.callerId)));
}

function Connecting() {
  const connection = useCallKit({ userId: 'alice', connect: () => Promise.reject(new Error('not on the server')) });
  return createElement('p', null, connection.status);
}

describe('the React hooks, rendered on the server', () => {
  it('useInvitation shows both sides of an accepted call', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
    const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });
    kits.push(alice, bob);
    const received: RemoteInvitation[] = [];
    bob.on('remoteInvitationReceived', (invitation) => received.push(invitation));
    const invitation = alice.createLocalInvitation('bob');
    expect(render(createElement(Status, { invitation }))).toBe('<p>IDLE|IDLE||-|live</p>');

    invitation.send();
    await vi.waitFor(() => expect(received).toHaveLength(1));
    received[0]!.accept('hi');
    await vi.waitFor(() => expect(received[0]!.state).toBe('ACCEPTED'));
    expect(render(createElement(Status, { invitation }))).toBe('<p>ACCEPTED_BY_REMOTE|ACCEPTED_BY_REMOTE|hi|-|ended</p>');
    expect(render(createElement(Status, { invitation: received[0]! }))).toBe('<p>ACCEPTED|ACCEPTED|hi|-|ended</p>');
  });

  it('useInvitation shows the failure reason', async () => {
    const network = createMemoryNetwork();
    const alice = createCallKit({ userId: 'alice', transport: network.connect('alice'), timeouts: { acknowledgeMs: 30 } });
    kits.push(alice);
    const invitation = alice.createLocalInvitation('bob');
    invitation.send();
    await vi.waitFor(() => expect(invitation.state).toBe('FAILURE'));
    expect(render(createElement(Status, { invitation }))).toBe('<p>FAILURE|FAILURE||PEER_OFFLINE|ended</p>');
  });

  it('useIncomingInvitations lists what rings, and nothing without a kit', async () => {
    const network = createMemoryNetwork();
    const [alice, carol, bob] = ['alice', 'carol', 'bob'].map((userId) =>
      createCallKit({ userId, transport: network.connect(userId) }),
    ) as [CallKit, CallKit, CallKit];
    kits.push(alice, carol, bob);
    expect(render(createElement(Ringing, { kit: undefined }))).toBe('<ul></ul>');
    expect(render(createElement(Ringing, { kit: bob }))).toBe('<ul></ul>');

    const fromAlice = alice.createLocalInvitation('bob');
    fromAlice.send();
    carol.createLocalInvitation('bob').send();
    await vi.waitFor(() => expect(bob.stats().liveRemoteInvitations).toBe(2));
    await Promise.resolve();
    expect(render(createElement(Ringing, { kit: bob }))).toBe('<ul><li>alice</li><li>carol</li></ul>');

    fromAlice.cancel();
    await vi.waitFor(() => expect(fromAlice.state).toBe('CANCELED'));
    expect(render(createElement(Ringing, { kit: bob }))).toBe('<ul><li>carol</li></ul>');
    expect(render(createElement(Ringing, { kit: bob, keepEnded: 1 }))).toBe('<ul><li>alice</li><li>carol</li></ul>');
  });

  it('useCallKit starts out connecting', () => {
    expect(render(createElement(Connecting))).toBe('<p>connecting</p>');
  });
});
