import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCallKit, type CallKit } from '../../index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import {
  incomingInvitationListOf,
  selectIncomingInvitations,
  type IncomingInvitationEntry,
} from '../../react/incoming-invitation-list.js';

const kits: CallKit[] = [];

afterEach(async () => {
  await Promise.all(kits.splice(0).map((kit) => kit.close()));
});

function threeUsers() {
  const network = createMemoryNetwork();
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((userId) =>
    createCallKit({ userId, transport: network.connect(userId) }),
  ) as [CallKit, CallKit, CallKit];
  kits.push(alice, bob, carol);
  return { alice, bob, carol };
}

describe('the incoming invitation list behind useIncomingInvitations', () => {
  it('lists invitations in arrival order, two from one caller included, and marks each as it ends', async () => {
    const { alice, bob, carol } = threeUsers();
    const list = incomingInvitationListOf(bob);
    const first = alice.createLocalInvitation('bob');
    first.send();
    await vi.waitFor(() => expect(list.getSnapshot()).toHaveLength(1));
    const second = alice.createLocalInvitation('bob');
    second.send();
    await vi.waitFor(() => expect(list.getSnapshot()).toHaveLength(2));
    const third = carol.createLocalInvitation('bob');
    third.send();
    await vi.waitFor(() => expect(list.getSnapshot()).toHaveLength(3));
    expect(list.getSnapshot().map((entry) => entry.invitation.id)).toEqual([first.id, second.id, third.id]);

    first.cancel();
    await vi.waitFor(() => expect(list.getSnapshot()[0]!.ended).toBe(true));
    expect(list.getSnapshot().map((entry) => entry.ended)).toEqual([true, false, false]);
  });

  it('notifies subscribers with a new array on each change and keeps it the same in between', async () => {
    const { alice, bob } = threeUsers();
    const list = incomingInvitationListOf(bob);
    const before = list.getSnapshot();
    expect(list.getSnapshot()).toBe(before);
    let changes = 0;
    const stop = list.subscribe(() => changes++);
    alice.createLocalInvitation('bob').send();
    await vi.waitFor(() => expect(changes).toBe(1));
    stop();
    expect(list.getSnapshot()).not.toBe(before);
    expect(incomingInvitationListOf(bob)).toBe(list);
  });

  it('records from its first call, before any subscriber', async () => {
    const { alice, bob } = threeUsers();
    const list = incomingInvitationListOf(bob);
    alice.createLocalInvitation('bob').send();
    await vi.waitFor(() => expect(bob.stats().liveRemoteInvitations).toBe(1));
    await vi.waitFor(() => expect(list.getSnapshot()).toHaveLength(1));
  });
});

describe('choosing what useIncomingInvitations returns', () => {
  const entry = (id: string, ended: boolean) =>
    ({ invitation: { id } as IncomingInvitationEntry['invitation'], ended }) as IncomingInvitationEntry;
  const ids = (entries: readonly IncomingInvitationEntry[], keepEnded: number) =>
    selectIncomingInvitations(entries, keepEnded).map((invitation) => invitation.id);
  const entries = [entry('a', true), entry('b', false), entry('c', true), entry('d', true), entry('e', false)];

  it('drops ended invitations by default', () => {
    expect(ids(entries, 0)).toEqual(['b', 'e']);
  });

  it('keeps the most recent ended ones up to keepEnded, in arrival order', () => {
    expect(ids(entries, 2)).toEqual(['b', 'c', 'd', 'e']);
    expect(ids(entries, 10)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });
});
