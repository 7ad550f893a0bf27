import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AgoraRTM, {
  createAgoraCompatibleClient,
  RtmInvalidArgumentError,
  RtmInvalidStatusError,
  RtmUnsupportedError,
  type LocalInvitation,
  type RemoteInvitation,
  type RtmClient,
} from '../../agora/index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';

const settle = (ms = 20) => vi.advanceTimersByTimeAsync(ms);

interface Phones {
  readonly alice: RtmClient;
  readonly bob: RtmClient;
  /** Every Agora event either side saw, in order. */
  readonly log: string[];
  /** Bob's incoming invitations, in arrival order. */
  readonly incoming: RemoteInvitation[];
  readonly callbackErrors: unknown[];
}

let open: RtmClient[] = [];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  vi.useRealTimers();
});

function recordLocalEvents(invitation: LocalInvitation, log: string[]): void {
  invitation
    .on('LocalInvitationReceivedByPeer', () => log.push('alice:LocalInvitationReceivedByPeer'))
    .on('LocalInvitationAccepted', (response) => log.push(`alice:LocalInvitationAccepted(${response})`))
    .on('LocalInvitationRefused', (response) => log.push(`alice:LocalInvitationRefused(${response})`))
    .on('LocalInvitationCanceled', () => log.push('alice:LocalInvitationCanceled'))
    .on('LocalInvitationFailure', (reason) => log.push(`alice:LocalInvitationFailure(${reason})`));
}

function createPhones(onIncoming: (invitation: RemoteInvitation) => void = () => {}): Phones {
  const network = createMemoryNetwork({ latency: { minMs: 1, maxMs: 1 } });
  const callbackErrors: unknown[] = [];
  const onCallbackError = (error: unknown) => callbackErrors.push(error);
  const alice = createAgoraCompatibleClient({ userId: 'alice', transport: network.connect('alice'), onCallbackError });
  const bob = createAgoraCompatibleClient({ userId: 'bob', transport: network.connect('bob'), onCallbackError });
  open.push(alice, bob);
  const log: string[] = [];
  const incoming: RemoteInvitation[] = [];
  bob.on('RemoteInvitationReceived', (invitation) => {
    incoming.push(invitation);
    log.push(`bob:RemoteInvitationReceived(${invitation.callerId})`);
    invitation
      .on('RemoteInvitationAccepted', () => log.push('bob:RemoteInvitationAccepted'))
      .on('RemoteInvitationRefused', () => log.push('bob:RemoteInvitationRefused'))
      .on('RemoteInvitationCanceled', (content) => log.push(`bob:RemoteInvitationCanceled(${content})`))
      .on('RemoteInvitationFailure', (reason) => log.push(`bob:RemoteInvitationFailure(${reason})`));
    onIncoming(invitation);
  });
  return { alice, bob, log, incoming, callbackErrors };
}

function callBob(phones: Phones, content = 'hello'): LocalInvitation {
  const invitation = phones.alice.createLocalInvitation('bob');
  invitation.content = content;
  invitation.channelId = 'room-1';
  recordLocalEvents(invitation, phones.log);
  invitation.send();
  return invitation;
}

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('a whole call through the facade', () => {
  it('accepted: the five caller events and the four callee events in Agora order, with Agora states', async () => {
    const phones = createPhones((invitation) => {
      invitation.response = 'see you';
      invitation.accept();
    });
    const invitation = callBob(phones);
    expect(invitation.state).toBe(AgoraRTM.LocalInvitationState.SENT_TO_REMOTE);
    await settle();
    expect(phones.log).toEqual([
      'bob:RemoteInvitationReceived(alice)',
      'alice:LocalInvitationReceivedByPeer',
      'alice:LocalInvitationAccepted(see you)',
      'bob:RemoteInvitationAccepted',
    ]);
    const remote = phones.incoming[0]!;
    expect(invitation.state).toBe(AgoraRTM.LocalInvitationState.ACCEPTED_BY_REMOTE);
    expect(invitation.response).toBe('see you');
    expect(remote.state).toBe(AgoraRTM.RemoteInvitationState.ACCEPTED);
    expect([remote.callerId, remote.content, remote.channelId]).toEqual(['alice', 'hello', 'room-1']);
  });

  it('refused: LocalInvitationRefused(response) and RemoteInvitationRefused', async () => {
    const phones = createPhones((invitation) => {
      invitation.response = 'busy';
      invitation.refuse();
    });
    const invitation = callBob(phones);
    await settle();
    expect(phones.log).toEqual([
      'bob:RemoteInvitationReceived(alice)',
      'bob:RemoteInvitationRefused',
      'alice:LocalInvitationReceivedByPeer',
      'alice:LocalInvitationRefused(busy)',
    ]);
    expect(invitation.state).toBe('REFUSED_BY_REMOTE');
    expect(phones.incoming[0]!.state).toBe('REFUSED');
  });

  it('canceled: RemoteInvitationCanceled(content) first, then LocalInvitationCanceled', async () => {
    const phones = createPhones();
    const invitation = callBob(phones, '{"video":true}');
    await settle();
    invitation.cancel();
    await settle();
    expect(phones.log).toEqual([
      'bob:RemoteInvitationReceived(alice)',
      'alice:LocalInvitationReceivedByPeer',
      'bob:RemoteInvitationCanceled({"video":true})',
      'alice:LocalInvitationCanceled',
    ]);
    expect(invitation.state).toBe('CANCELED');
    expect(phones.incoming[0]!.state).toBe('CANCELED');
  });

  it('failure: LocalInvitationFailure(PEER_OFFLINE) for a callee who never connects', async () => {
    const phones = createPhones();
    const invitation = phones.alice.createLocalInvitation('carol');
    recordLocalEvents(invitation, phones.log);
    invitation.send();
    await settle(30_000);
    expect(phones.log).toEqual([`alice:LocalInvitationFailure(${AgoraRTM.LocalInvitationFailureReason.PEER_OFFLINE})`]);
    expect(invitation.state).toBe('FAILURE');
  });

  it('failure: RemoteInvitationFailure(INVITATION_EXPIRE) and LocalInvitationFailure(INVITATION_EXPIRE) after 60 s of ringing', async () => {
    const phones = createPhones();
    callBob(phones);
    await settle(60_010);
    expect(phones.log.filter((entry) => entry.startsWith('alice:'))).toEqual([
      'alice:LocalInvitationReceivedByPeer',
      'alice:LocalInvitationFailure(INVITATION_EXPIRE)',
    ]);
    expect(phones.log.filter((entry) => entry.startsWith('bob:'))).toEqual([
      'bob:RemoteInvitationReceived(alice)',
      'bob:RemoteInvitationFailure(INVITATION_EXPIRE)',
    ]);
  });

  it('resolves the kit outcome on the facade invitations too', async () => {
    const phones = createPhones((invitation) => invitation.accept());
    const invitation = callBob(phones);
    await settle();
    await expect(invitation.outcome).resolves.toEqual({ state: 'ACCEPTED_BY_REMOTE', response: '' });
    await expect(phones.incoming[0]!.outcome).resolves.toEqual({ state: 'ACCEPTED', response: '' });
  });
});

describe('misuse throws errors shaped like Agora’s', () => {
  it('createLocalInvitation: RtmInvalidArgumentError code 1 for an id Agora refuses', () => {
    const phones = createPhones();
    for (const calleeId of ['', 'null', 'x'.repeat(65), 'bob/1', 'bôb', 42 as unknown as string]) {
      const error = thrown(() => phones.alice.createLocalInvitation(calleeId));
      expect(error, JSON.stringify(calleeId)).toBeInstanceOf(RtmInvalidArgumentError);
      expect(error).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    }
    expect(phones.alice.createLocalInvitation('Bob Smith_1!').calleeId).toBe('Bob Smith_1!');
  });

  it('send twice: RtmInvalidStatusError code 5; after the end: code 3', async () => {
    const phones = createPhones((invitation) => invitation.refuse());
    const invitation = callBob(phones);
    expect(thrown(() => invitation.send())).toMatchObject({ name: 'RtmInvalidStatusError', code: 5, apiCallError: 'ALREADY_SENT' });
    await settle();
    expect(thrown(() => invitation.send())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
    expect(thrown(() => invitation.cancel())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
  });

  it('cancel before send: RtmInvalidStatusError code 2, and nothing changes', () => {
    const phones = createPhones();
    const invitation = phones.alice.createLocalInvitation('bob');
    const error = thrown(() => invitation.cancel());
    expect(error).toBeInstanceOf(RtmInvalidStatusError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'RtmInvalidStatusError', code: 2 });
    expect(invitation.state).toBe('IDLE');
  });

  it('send with content over 8192 bytes or a bad channel id: RtmInvalidArgumentError code 1, still IDLE', () => {
    const phones = createPhones();
    const invitation = phones.alice.createLocalInvitation('bob');
    invitation.content = 'é'.repeat(4097);
    expect(thrown(() => invitation.send())).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    invitation.content = '';
    invitation.channelId = 'room#1/with a slash';
    expect(thrown(() => invitation.send())).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    expect(invitation.state).toBe('IDLE');
    invitation.channelId = 'room-1';
    invitation.send();
    expect(invitation.state).toBe('SENT_TO_REMOTE');
  });

  it('accept or refuse while the accept waits for confirmation: code 4; after the end: code 3', async () => {
    const phones = createPhones();
    callBob(phones);
    await settle();
    const remote = phones.incoming[0]!;
    remote.accept();
    expect(remote.state).toBe('ACCEPT_SENT_TO_LOCAL');
    expect(thrown(() => remote.accept())).toMatchObject({ name: 'RtmInvalidStatusError', code: 4 });
    expect(thrown(() => remote.refuse())).toMatchObject({ name: 'RtmInvalidStatusError', code: 4 });
    await settle();
    expect(remote.state).toBe('ACCEPTED');
    expect(thrown(() => remote.accept())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
    expect(thrown(() => remote.refuse())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
  });

  it('accept with a response over 8192 bytes: RtmInvalidArgumentError code 1, still ringing', async () => {
    const phones = createPhones();
    callBob(phones);
    await settle();
    const remote = phones.incoming[0]!;
    remote.response = 'x'.repeat(8193);
    expect(thrown(() => remote.accept())).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    expect(remote.state).toBe('INVITATION_RECEIVED');
  });
});

describe('properties follow Agora’s rules', () => {
  it('takes channelId until sent and ignores it afterwards', () => {
    const phones = createPhones();
    const invitation = phones.alice.createLocalInvitation('bob');
    invitation.channelId = 'before';
    invitation.send();
    invitation.channelId = 'after';
    expect(invitation.channelId).toBe('before');
  });

  it('throws RtmInvalidArgumentError when the caller assigns response, as Agora does', () => {
    const phones = createPhones();
    const invitation = phones.alice.createLocalInvitation('bob');
    const error = thrown(() => Reflect.set(invitation, 'response', 'mine'));
    expect(error).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
  });

  it('throws RtmInvalidArgumentError when the callee assigns content or channelId; takes response', async () => {
    const phones = createPhones();
    callBob(phones);
    await settle();
    const remote = phones.incoming[0]!;
    expect(thrown(() => Reflect.set(remote, 'content', 'mine'))).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    expect(thrown(() => Reflect.set(remote, 'channelId', 'mine'))).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    remote.response = 'mine';
    expect([remote.content, remote.channelId, remote.response]).toEqual(['hello', 'room-1', 'mine']);
  });

  it('keeps state, calleeId and callerId read-only', async () => {
    const phones = createPhones();
    const invitation = callBob(phones);
    await settle();
    const remote = phones.incoming[0]!;
    expect(Reflect.set(invitation, 'state', 'CANCELED')).toBe(false);
    expect(Reflect.set(invitation, 'calleeId', 'mallory')).toBe(false);
    expect(Reflect.set(remote, 'callerId', 'mallory')).toBe(false);
    expect(Reflect.set(remote, 'state', 'ACCEPTED')).toBe(false);
    expect([invitation.state, invitation.calleeId, remote.callerId, remote.state]).toEqual([
      'RECEIVED_BY_REMOTE',
      'bob',
      'alice',
      'INVITATION_RECEIVED',
    ]);
  });
});

describe('listeners follow Node’s EventEmitter, as Agora’s do', () => {
  it('calls a listener added twice twice, and off removes one copy', async () => {
    const phones = createPhones((invitation) => invitation.accept());
    const invitation = phones.alice.createLocalInvitation('bob');
    const heard: string[] = [];
    const listener = (response: string) => heard.push(`accepted(${response})`);
    invitation.on('LocalInvitationAccepted', listener).on('LocalInvitationAccepted', listener);
    expect(invitation.listenerCount('LocalInvitationAccepted')).toBe(2);
    invitation.off('LocalInvitationAccepted', listener);
    expect(invitation.listeners('LocalInvitationAccepted')).toEqual([listener]);
    invitation.send();
    await settle();
    expect(heard).toEqual(['accepted()']);
  });

  it('calls a once listener for the first event only', async () => {
    const phones = createPhones();
    const heard: string[] = [];
    phones.bob.once('RemoteInvitationReceived', (invitation) => heard.push(invitation.content));
    callBob(phones, 'first');
    callBob(phones, 'second');
    await settle();
    expect(phones.incoming.map((invitation) => invitation.content)).toEqual(['first', 'second']);
    expect(heard).toEqual(['first']);
    expect(phones.bob.listenerCount('RemoteInvitationReceived')).toBe(1);
  });

  it('removeAllListeners clears one event or all of them', async () => {
    const phones = createPhones((invitation) => invitation.refuse());
    const invitation = callBob(phones);
    invitation.removeAllListeners('LocalInvitationRefused');
    expect(invitation.listenerCount('LocalInvitationRefused')).toBe(0);
    expect(invitation.listenerCount('LocalInvitationReceivedByPeer')).toBe(1);
    invitation.removeAllListeners();
    expect(invitation.listenerCount('LocalInvitationReceivedByPeer')).toBe(0);
    await settle();
    expect(invitation.state).toBe('REFUSED_BY_REMOTE');
    expect(phones.log.filter((entry) => entry.startsWith('alice:'))).toEqual([]);
  });

  it('reports a throwing listener and still calls the next one', async () => {
    const phones = createPhones((invitation) => invitation.accept());
    const invitation = phones.alice.createLocalInvitation('bob');
    const heard: string[] = [];
    const failure = new Error('app bug');
    invitation
      .on('LocalInvitationAccepted', () => {
        throw failure;
      })
      .on('LocalInvitationAccepted', () => heard.push('second'));
    invitation.send();
    await settle();
    expect(heard).toEqual(['second']);
    expect(phones.callbackErrors).toEqual([failure]);
  });

  it('rejects an event the invitation does not have', () => {
    const phones = createPhones();
    const invitation = phones.alice.createLocalInvitation('bob');
    const on = invitation.on.bind(invitation) as (event: string, listener: () => void) => unknown;
    expect(() => on('RemoteInvitationAccepted', () => {})).toThrow(TypeError);
  });
});

describe('what the facade leaves out', () => {
  it('throws RtmUnsupportedError naming login, channels, peer messages and presence', () => {
    const phones = createPhones();
    const client = phones.alice as unknown as Record<string, (...args: unknown[]) => unknown>;
    for (const member of ['login', 'logout', 'createChannel', 'sendMessageToPeer', 'queryPeersOnlineStatus']) {
      const error = thrown(() => client[member]!({ uid: 'alice' }));
      expect(error).toBeInstanceOf(RtmUnsupportedError);
      expect(error).toMatchObject({ name: 'RtmUnsupportedError', feature: `RtmClient.${member}()` });
      expect((error as Error).message).toContain(`RtmClient.${member}()`);
    }
  });

  it('throws RtmUnsupportedError for Agora client events other than RemoteInvitationReceived', () => {
    const phones = createPhones();
    const on = phones.alice.on.bind(phones.alice) as (event: string, listener: () => void) => unknown;
    for (const event of ['MessageFromPeer', 'ConnectionStateChanged', 'PeersOnlineStatusChanged']) {
      const error = thrown(() => on(event, () => {}));
      expect(error).toBeInstanceOf(RtmUnsupportedError);
      expect((error as Error).message).toContain(event);
    }
  });

  it('refuses a user id Agora would refuse', () => {
    const network = createMemoryNetwork();
    const error = thrown(() => createAgoraCompatibleClient({ userId: 'ali/ce', transport: network.connect('ali/ce') }));
    expect(error).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
  });

  it('ends pending invitations with NOT_LOGGEDIN on close, as logout does', async () => {
    const phones = createPhones();
    const invitation = callBob(phones);
    await settle();
    await phones.alice.close();
    await settle(0);
    expect(phones.log.at(-1)).toBe('alice:LocalInvitationFailure(NOT_LOGGEDIN)');
    expect(invitation.state).toBe('FAILURE');
  });
});
