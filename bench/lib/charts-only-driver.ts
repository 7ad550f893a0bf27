/**
 * The charts alone: the caller's and callee's actors passing events to each
 * other on a microtask, with no kit, codec, transport or callbacks. This is
 * the ceiling any kit built on these charts and XState's actor runtime can
 * reach, so item 1 can tell what the kit adds from what XState costs.
 */
import { createActor, type Actor } from 'xstate';
import { DEFAULT_TIMEOUTS, type InvitationTimeouts } from '../../machines/constants.js';
import { localInvitationMachine } from '../../machines/local-invitation.machine.js';
import { remoteInvitationMachine } from '../../machines/remote-invitation.machine.js';

export function runChartsOnlyLifecycles(
  lifecycles: number,
  inFlight: number,
  timeouts: InvitationTimeouts = DEFAULT_TIMEOUTS,
): Promise<number> {
  const actors: Array<Actor<typeof localInvitationMachine> | Actor<typeof remoteInvitationMachine>> = [];
  let sequence = 0;

  function lifecycle(done: () => void): void {
    const id = `charts${sequence++}`;
    const caller = createActor(localInvitationMachine, {
      input: { id, deviceId: 'alice-phone', calleeId: 'bob', timeouts },
    });
    let callee: Actor<typeof remoteInvitationMachine> | undefined;
    let halves = 0;
    const halfDone = () => {
      if (++halves === 2) done();
    };
    caller.on('transmit', ({ message }) =>
      queueMicrotask(() => {
        if (message.type === 'invite') {
          const ringing = createActor(remoteInvitationMachine, {
            input: {
              id,
              deviceId: 'bob-phone',
              callerId: 'alice',
              callerDeviceId: message.device,
              content: message.content,
              channelId: message.channelId,
              timeouts,
            },
          });
          callee = ringing;
          actors.push(ringing);
          ringing.on('transmit', ({ message: reply }) =>
            queueMicrotask(() => {
              if (reply.type === 'receipt') caller.send({ type: 'PEER_RECEIVED', device: reply.device });
              else if (reply.type === 'accept') caller.send({ type: 'PEER_ACCEPTED', device: reply.device, response: reply.response });
            }),
          );
          ringing.on('accepted', () => queueMicrotask(halfDone));
          ringing.start();
          queueMicrotask(() => ringing.send({ type: 'ACCEPT', response: 'ok' }));
        } else if (message.type === 'confirm') callee?.send({ type: 'PEER_CONFIRMED', to: message.to });
      }),
    );
    caller.on('accepted', () => queueMicrotask(halfDone));
    actors.push(caller);
    caller.start();
    caller.send({ type: 'SEND' });
  }

  return new Promise((resolve) => {
    let started = 0;
    let completed = 0;
    const startedAt = performance.now();
    const next = () => {
      completed++;
      if (completed === lifecycles) {
        const elapsedMs = performance.now() - startedAt;
        for (const actor of actors) actor.stop();
        resolve((lifecycles / elapsedMs) * 1000);
      } else if (started < lifecycles) {
        started++;
        lifecycle(next);
      }
    };
    for (; started < Math.min(inFlight, lifecycles); started++) lifecycle(next);
  });
}
