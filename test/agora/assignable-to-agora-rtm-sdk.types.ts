/**
 * Type-level test, checked by `tsc --noEmit` (part of `npm test`): the
 * facade's classes can stand where agora-rtm-sdk 1.6.0's typings expect its
 * own LocalInvitation and RemoteInvitation, for every invitation member, and
 * the read-only rules are Agora's. A mismatch fails the type check.
 */
import type {
  LocalInvitation as AgoraLocalInvitation,
  RemoteInvitation as AgoraRemoteInvitation,
  RtmStatusCode,
} from 'agora-rtm-sdk';
import AgoraRTMOriginal from 'agora-rtm-sdk';
import AgoraRTM, {
  type LocalInvitation,
  type RemoteInvitation,
  type RemoteInvitationFailureReason,
  type RtmClient,
} from '../../agora/index.js';

/** The members of Agora's LocalInvitation that belong to call invitations. */
type LocalInvitationMembers =
  | 'state'
  | 'content'
  | 'channelId'
  | 'response'
  | 'calleeId'
  | 'send'
  | 'cancel'
  | 'on'
  | 'once'
  | 'off'
  | 'removeAllListeners'
  | 'listeners'
  | 'listenerCount';

/** The members of Agora's RemoteInvitation that belong to call invitations. */
type RemoteInvitationMembers =
  | 'state'
  | 'content'
  | 'channelId'
  | 'response'
  | 'callerId'
  | 'accept'
  | 'refuse'
  | 'on'
  | 'once'
  | 'off'
  | 'removeAllListeners'
  | 'listeners'
  | 'listenerCount';

export function localInvitationStandsInForAgoras(invitation: LocalInvitation): Pick<AgoraLocalInvitation, LocalInvitationMembers> {
  return invitation;
}

export function remoteInvitationStandsInForAgoras(
  invitation: RemoteInvitation,
): Pick<AgoraRemoteInvitation, RemoteInvitationMembers> {
  return invitation;
}

/** The client hands out invitations of the same shape, and `on` chains as in Agora. */
export function clientMembersMatchAgoras(client: RtmClient): void {
  const invitation: Pick<AgoraLocalInvitation, LocalInvitationMembers> = client.createLocalInvitation('bob');
  const chained: RtmClient = client.on('RemoteInvitationReceived', (remote) => {
    const asAgoras: Pick<AgoraRemoteInvitation, RemoteInvitationMembers> = remote;
    asAgoras.on('RemoteInvitationCanceled', (content: string) => content.length).on('RemoteInvitationAccepted', () => {});
  });
  invitation.on('LocalInvitationAccepted', (response: string) => response.length).on('LocalInvitationCanceled', () => {});
  void chained;
}

/** Agora's read-only rules: what Agora types as read-only does not compile when assigned. */
export function readOnlyRules(local: LocalInvitation, remote: RemoteInvitation): void {
  local.content = 'settable, as in Agora';
  local.channelId = 'settable until sent, as in Agora';
  remote.response = 'settable, as in Agora';
  // @ts-expect-error Agora: LocalInvitation.response is read-only.
  local.response = 'no';
  // @ts-expect-error Agora: LocalInvitation.calleeId is read-only.
  local.calleeId = 'no';
  // @ts-expect-error Agora: LocalInvitation.state is read-only.
  local.state = AgoraRTM.LocalInvitationState.IDLE;
  // @ts-expect-error Agora: RemoteInvitation.content is read-only.
  remote.content = 'no';
  // @ts-expect-error Agora: RemoteInvitation.channelId is read-only.
  remote.channelId = 'no';
  // @ts-expect-error Agora: RemoteInvitation.callerId is read-only.
  remote.callerId = 'no';
  // @ts-expect-error Agora: RemoteInvitation.state is read-only.
  remote.state = AgoraRTM.RemoteInvitationState.ACCEPTED;
}

/** The constants type as Agora's, so an app's comparisons and switches keep compiling. */
export function constantsMatchAgoras(local: LocalInvitation, remote: RemoteInvitation): boolean {
  const localState: typeof AgoraRTMOriginal.LocalInvitationState.IDLE = AgoraRTM.LocalInvitationState.IDLE;
  const remoteState: typeof AgoraRTMOriginal.RemoteInvitationState.ACCEPTED = AgoraRTM.RemoteInvitationState.ACCEPTED;
  const localReason: typeof AgoraRTMOriginal.LocalInvitationFailureReason.PEER_OFFLINE =
    AgoraRTM.LocalInvitationFailureReason.PEER_OFFLINE;
  // The callee's reasons extend Agora's with NOT_LOGGEDIN, ANSWERED_ELSEWHERE and REFUSED_ELSEWHERE:
  // every reason of Agora's is one of ours, not the reverse.
  const remoteReason: RemoteInvitationFailureReason = AgoraRTMOriginal.RemoteInvitationFailureReason.ACCEPT_FAILURE;
  // @ts-expect-error NOT_LOGGEDIN on the callee side is this package's extension, unknown to Agora's enum.
  const extension: RtmStatusCode.RemoteInvitationFailureReason = AgoraRTM.RemoteInvitationFailureReason.NOT_LOGGEDIN;
  // @ts-expect-error ANSWERED_ELSEWHERE (protocol v2: another device of the user answered) is unknown to Agora's enum.
  const elsewhere: RtmStatusCode.RemoteInvitationFailureReason = AgoraRTM.RemoteInvitationFailureReason.ANSWERED_ELSEWHERE;
  // The callee's states stay exactly Agora's (the kit's IGNORED reads as REFUSED), so `state` still types as Agora's.
  const remoteStateValue: RtmStatusCode.RemoteInvitationState = remote.state;
  // @ts-expect-error The facade's enum has no IGNORED member.
  void AgoraRTM.RemoteInvitationState.IGNORED;
  return (
    local.state === AgoraRTMOriginal.LocalInvitationState.ACCEPTED_BY_REMOTE &&
    remote.state === AgoraRTMOriginal.RemoteInvitationState.ACCEPTED &&
    [localState, remoteState, localReason, remoteReason, extension, elsewhere, remoteStateValue].length === 7
  );
}

/** The protocol v2 extensions are optional arguments and extra members: Agora's no-argument calls still compile. */
export function v2ExtensionsKeepAgorasCalls(local: LocalInvitation, remote: RemoteInvitation, client: RtmClient): string {
  local.cancel();
  local.cancel({ reason: 'wrong number' });
  remote.refuse();
  remote.refuse({ reason: 'busy', response: 'in another call' });
  remote.ignore();
  const asAgoras: Pick<AgoraRemoteInvitation, 'refuse'> = remote;
  asAgoras.refuse();
  return [local.refuseReason, local.cancelReason, remote.refuseReason, remote.cancelReason, client.deviceId].join();
}

/** Only the invitation event exists on the client; Agora's other client events do not compile. */
export function unsupportedClientMembersDoNotCompile(client: RtmClient): void {
  // @ts-expect-error Login is out of scope.
  void client.login({ uid: 'alice' });
  // @ts-expect-error Peer messages are out of scope.
  client.on('MessageFromPeer', () => {});
}
