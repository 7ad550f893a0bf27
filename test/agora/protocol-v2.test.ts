/**
 * What protocol v2 adds, as an app on the Agora-shaped facade sees it: several
 * devices of one user, ignore(), the reasons a refusal or cancel carries, and
 * the content a cancel carries.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AgoraRTM, {
  createAgoraCompatibleClient,
  type LocalInvitation,
  type RemoteInvitation,
  type RtmClient,
} from '../../agora/index.js';
import { createMemoryNetwork, type MemoryNetwork } from '../../adapters/memory.js';
import { encodeMessage } from '../../protocol/codec.js';

const settle = (ms = 20) => vi.advanceTimersByTimeAsync(ms);

let open: RtmClient[] = [];

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.close()));
  vi.useRealTimers();
});

function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** One device of `userId` running the facade, with every invitation event it saw. */
interface Device {
  readonly client: RtmClient;
  readonly log: string[];
  readonly incoming: RemoteInvitation[];
}

function connectDevice(
  network: MemoryNetwork,
  userId: string,
  deviceId: string,
  onIncoming: (invitation: RemoteInvitation) => void = () => {},
): Device {
  const client = createAgoraCompatibleClient({ userId, deviceId, transport: network.connect(userId) });
  open.push(client);
  const log: string[] = [];
  const incoming: RemoteInvitation[] = [];
  client.on('RemoteInvitationReceived', (invitation) => {
    incoming.push(invitation);
    log.push(`RemoteInvitationReceived(${invitation.callerId})`);
    invitation
      .on('RemoteInvitationAccepted', () => log.push('RemoteInvitationAccepted'))
      .on('RemoteInvitationRefused', () => log.push('RemoteInvitationRefused'))
      .on('RemoteInvitationCanceled', (content) => log.push(`RemoteInvitationCanceled(${content})`))
      .on('RemoteInvitationFailure', (reason) => log.push(`RemoteInvitationFailure(${reason})`));
    onIncoming(invitation);
  });
  return { client, log, incoming };
}

function recordLocalEvents(invitation: LocalInvitation): string[] {
  const log: string[] = [];
  invitation
    .on('LocalInvitationReceivedByPeer', () => log.push('LocalInvitationReceivedByPeer'))
    .on('LocalInvitationAccepted', (response) => log.push(`LocalInvitationAccepted(${response})`))
    .on('LocalInvitationRefused', (response) => log.push(`LocalInvitationRefused(${response})`))
    .on('LocalInvitationCanceled', () => log.push('LocalInvitationCanceled'))
    .on('LocalInvitationFailure', (reason) => log.push(`LocalInvitationFailure(${reason})`));
  return log;
}

function newNetwork(): MemoryNetwork {
  return createMemoryNetwork({ latency: { minMs: 1, maxMs: 1 } });
}

describe('one user on two devices', () => {
  it('one device accepts: the other hears RemoteInvitationFailure(ANSWERED_ELSEWHERE) and never Accepted', async () => {
    const network = newNetwork();
    const alice = connectDevice(network, 'alice', 'alice-laptop');
    const phone = connectDevice(network, 'bob', 'bob-phone', (invitation) => {
      invitation.response = 'picked up on the phone';
      invitation.accept();
    });
    const laptop = connectDevice(network, 'bob', 'bob-laptop');
    const invitation = alice.client.createLocalInvitation('bob');
    invitation.content = 'hello';
    const aliceLog = recordLocalEvents(invitation);
    invitation.send();
    await settle();

    expect(aliceLog).toEqual(['LocalInvitationReceivedByPeer', 'LocalInvitationAccepted(picked up on the phone)']);
    expect(phone.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationAccepted']);
    expect(laptop.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationFailure(ANSWERED_ELSEWHERE)']);
    const onLaptop = laptop.incoming[0]!;
    expect(onLaptop.state).toBe(AgoraRTM.RemoteInvitationState.FAILURE);
    // An Agora app compares the reason with the module's constants; the new reason is one of them.
    expect(AgoraRTM.RemoteInvitationFailureReason.ANSWERED_ELSEWHERE).toBe('ANSWERED_ELSEWHERE');
    await expect(onLaptop.outcome).resolves.toEqual({ state: 'FAILURE', reason: 'ANSWERED_ELSEWHERE' });
    // The laptop is out of the call: answering now is Agora's "already ended".
    expect(thrown(() => onLaptop.accept())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
    expect(invitation.kitInvitation.answeringDeviceId).toBe('bob-phone');
  });

  it('one device refuses with a reason: the other hears RemoteInvitationFailure(REFUSED_ELSEWHERE), the caller reads the reason', async () => {
    const network = newNetwork();
    const alice = connectDevice(network, 'alice', 'alice-laptop');
    const phone = connectDevice(network, 'bob', 'bob-phone', (invitation) => {
      invitation.refuse({ reason: 'busy', response: 'in another call' });
    });
    const laptop = connectDevice(network, 'bob', 'bob-laptop');
    const invitation = alice.client.createLocalInvitation('bob');
    const aliceLog = recordLocalEvents(invitation);
    let reasonInListener = '';
    invitation.on('LocalInvitationRefused', () => {
      reasonInListener = invitation.refuseReason;
    });
    invitation.send();
    await settle();

    expect(aliceLog).toEqual(['LocalInvitationReceivedByPeer', 'LocalInvitationRefused(in another call)']);
    expect(reasonInListener).toBe('busy');
    expect(phone.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationRefused']);
    expect(phone.incoming[0]!.refuseReason).toBe('busy');
    expect(laptop.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationFailure(REFUSED_ELSEWHERE)']);
    expect(laptop.incoming[0]!.state).toBe('FAILURE');
  });

  it('ignore() silences one device only: no event, state REFUSED, outcome IGNORED; the other device still connects', async () => {
    const network = newNetwork();
    const alice = connectDevice(network, 'alice', 'alice-laptop');
    const phone = connectDevice(network, 'bob', 'bob-phone');
    const laptop = connectDevice(network, 'bob', 'bob-laptop');
    const invitation = alice.client.createLocalInvitation('bob');
    const aliceLog = recordLocalEvents(invitation);
    invitation.send();
    await settle();

    const onPhone = phone.incoming[0]!;
    onPhone.ignore();
    expect(onPhone.state).toBe(AgoraRTM.RemoteInvitationState.REFUSED);
    expect(onPhone.kitInvitation.state).toBe('IGNORED');
    expect(thrown(() => onPhone.accept())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
    expect(thrown(() => onPhone.ignore())).toMatchObject({ name: 'RtmInvalidStatusError', code: 3 });
    await settle();
    expect(invitation.state).toBe('RECEIVED_BY_REMOTE');

    laptop.incoming[0]!.accept();
    await settle();
    expect(aliceLog).toEqual(['LocalInvitationReceivedByPeer', 'LocalInvitationAccepted()']);
    expect(laptop.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationAccepted']);
    expect(phone.log).toEqual(['RemoteInvitationReceived(alice)']);
    await expect(onPhone.outcome).resolves.toEqual({ state: 'IGNORED' });
  });

  it('each client reports its own device id', () => {
    const network = newNetwork();
    const phone = connectDevice(network, 'bob', 'bob-phone');
    const laptop = connectDevice(network, 'bob', 'bob-laptop');
    expect([phone.client.userId, phone.client.deviceId, laptop.client.userId, laptop.client.deviceId]).toEqual([
      'bob',
      'bob-phone',
      'bob',
      'bob-laptop',
    ]);
  });
});

describe('the content and reason a cancel carries', () => {
  it('RemoteInvitationCanceled(content) and `content` give the cancel’s content when the caller changed it', async () => {
    // A v2 caller whose content changed between invite and cancel, speaking the protocol directly:
    // the kit's own LocalInvitation fixes its content at send(), so it cannot produce this case.
    const network = newNetwork();
    const bob = connectDevice(network, 'bob', 'bob-phone');
    const rawAlice = network.connect('alice');
    await rawAlice.send(
      'bob',
      encodeMessage({ type: 'invite', id: 'call-1', device: 'alice-raw', content: '{"video":true}', channelId: 'room-1' }),
    );
    await settle();
    const remote = bob.incoming[0]!;
    expect(remote.content).toBe('{"video":true}');
    let contentInListener = '';
    let reasonInListener = '';
    remote.on('RemoteInvitationCanceled', () => {
      contentInListener = remote.content;
      reasonInListener = remote.cancelReason;
    });

    await rawAlice.send(
      'bob',
      encodeMessage({ type: 'cancel', id: 'call-1', device: 'alice-raw', content: '{"video":false}', reason: 'switched to audio' }),
    );
    await settle();
    expect(bob.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationCanceled({"video":false})']);
    expect([contentInListener, reasonInListener]).toEqual(['{"video":false}', 'switched to audio']);
    expect([remote.state, remote.content, remote.channelId]).toEqual(['CANCELED', '{"video":false}', 'room-1']);
  });

  it('a facade caller’s cancel({ reason }) reaches the callee; content set after send() is not kept, so the cancel carries the sent one', async () => {
    const network = newNetwork();
    const alice = connectDevice(network, 'alice', 'alice-laptop');
    const bob = connectDevice(network, 'bob', 'bob-phone');
    const invitation = alice.client.createLocalInvitation('bob');
    invitation.content = 'sent';
    const aliceLog = recordLocalEvents(invitation);
    invitation.send();
    await settle();
    invitation.content = 'changed after send';
    expect(invitation.content).toBe('sent');
    invitation.cancel({ reason: 'wrong number' });
    await settle();

    expect(bob.log).toEqual(['RemoteInvitationReceived(alice)', 'RemoteInvitationCanceled(sent)']);
    expect(bob.incoming[0]!.cancelReason).toBe('wrong number');
    expect(aliceLog).toEqual(['LocalInvitationReceivedByPeer', 'LocalInvitationCanceled']);
    expect(invitation.cancelReason).toBe('wrong number');
  });

  it('cancel() and refuse() keep Agora’s no-argument form; reasons over 64 bytes throw RtmInvalidArgumentError code 1', async () => {
    const network = newNetwork();
    const alice = connectDevice(network, 'alice', 'alice-laptop');
    const bob = connectDevice(network, 'bob', 'bob-phone');
    const first = alice.client.createLocalInvitation('bob');
    first.send();
    await settle();
    const remote = bob.incoming[0]!;
    expect(thrown(() => remote.refuse({ reason: 'x'.repeat(65) }))).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    expect(remote.state).toBe('INVITATION_RECEIVED');
    remote.response = 'not now';
    remote.refuse();
    await settle();
    expect([first.state, first.response, first.refuseReason]).toEqual(['REFUSED_BY_REMOTE', 'not now', 'declined']);

    const second = alice.client.createLocalInvitation('bob');
    second.send();
    await settle();
    expect(thrown(() => second.cancel({ reason: 'x'.repeat(65) }))).toMatchObject({ name: 'RtmInvalidArgumentError', code: 1 });
    second.cancel();
    await settle();
    expect([second.state, second.cancelReason, bob.incoming[1]!.cancelReason]).toEqual(['CANCELED', '', '']);
  });
});
