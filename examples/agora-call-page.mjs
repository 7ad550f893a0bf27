import AgoraRTM from 'call-invitation/agora';

// The call code of a web page written for Agora RTM 1.x: one outgoing call and
// the incoming ones. `ui` is the page's own view code (ring, show, join).
export function createCallPage(client, ui) {
  let outgoing = null;

  client.on('RemoteInvitationReceived', (remoteInvitation) => {
    const { callerId } = remoteInvitation;
    remoteInvitation.on('RemoteInvitationAccepted', () => ui.join(remoteInvitation.channelId));
    remoteInvitation.on('RemoteInvitationRefused', () => ui.show(`you declined ${callerId}`));
    remoteInvitation.on('RemoteInvitationCanceled', (content) => ui.show(`missed call from ${callerId} ${content}`));
    remoteInvitation.on('RemoteInvitationFailure', (reason) => ui.show(`call from ${callerId} failed: ${reason}`));
    ui.ring(callerId, JSON.parse(remoteInvitation.content), {
      answer() {
        remoteInvitation.response = 'on my way';
        remoteInvitation.accept();
      },
      decline(why) {
        remoteInvitation.response = why;
        remoteInvitation.refuse();
      },
    });
  });

  return {
    call(calleeId, channel) {
      outgoing = client.createLocalInvitation(calleeId);
      outgoing.content = JSON.stringify({ video: true });
      outgoing.channelId = channel;
      outgoing.on('LocalInvitationReceivedByPeer', () => ui.show(`ringing ${calleeId}`));
      outgoing.on('LocalInvitationAccepted', (response) => {
        ui.show(`${calleeId} answered: ${response}`);
        ui.join(outgoing.channelId);
      });
      outgoing.on('LocalInvitationRefused', (response) => ui.show(`${calleeId} declined: ${response}`));
      outgoing.on('LocalInvitationCanceled', () => ui.show('call canceled'));
      outgoing.on('LocalInvitationFailure', (reason) => {
        if (reason === AgoraRTM.LocalInvitationFailureReason.PEER_OFFLINE) ui.show(`${calleeId} is offline`);
        else ui.show(`call failed: ${reason}`);
      });
      outgoing.send();
    },
    hangUp() {
      try {
        outgoing.cancel();
      } catch (error) {
        // Agora throws when there is nothing to cancel: not sent yet (code 2) or already over (code 3).
        if (error.name !== 'RtmInvalidStatusError') throw error;
        ui.show(`nothing to hang up (${outgoing.state}, code ${error.code})`);
      }
    },
    isRinging() {
      return outgoing !== null && outgoing.state === AgoraRTM.LocalInvitationState.RECEIVED_BY_REMOTE;
    },
  };
}
