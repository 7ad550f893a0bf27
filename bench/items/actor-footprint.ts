/**
 * Supports item 2: heap per invitation for the charts' XState actors alone
 * (no kit, no callbacks), so the report can split the kit's per-pair figure
 * into what XState's actor runtime holds and what the kit adds around it.
 */
import { createActor, createMachine } from 'xstate';
import { DEFAULT_TIMEOUTS } from '../../machines/constants.js';
import { localInvitationMachine } from '../../machines/local-invitation.machine.js';
import { remoteInvitationMachine } from '../../machines/remote-invitation.machine.js';
import { calleeChartInput } from '../lib/chart-inputs.js';
import { itemParameters, runAsItem } from '../lib/child-process.js';
import { collectedHeapBytes } from '../lib/heap.js';

const parameters = itemParameters({ actors: 10_000 });

export interface ActorFootprintResult {
  readonly actors: number;
  /** An actor of an empty machine: XState's fixed cost per actor. */
  readonly emptyActorBytes: number;
  /** The caller's chart in RECEIVED_BY_REMOTE (one timer armed). */
  readonly callerRingingBytes: number;
  /** The callee's chart in INVITATION_RECEIVED (one timer armed). */
  readonly calleeRingingBytes: number;
}

async function bytesEach(create: (index: number) => { stop(): void }): Promise<number> {
  const kept: Array<{ stop(): void }> = [];
  const before = await collectedHeapBytes();
  for (let index = 0; index < parameters.actors; index++) kept.push(create(index));
  const after = await collectedHeapBytes();
  for (const actor of kept) actor.stop();
  return Math.round((after - before) / parameters.actors);
}

runAsItem(async (): Promise<ActorFootprintResult> => {
  const empty = createMachine({});
  return {
    actors: parameters.actors,
    emptyActorBytes: await bytesEach(() => createActor(empty).start()),
    callerRingingBytes: await bytesEach((index) => {
      const actor = createActor(localInvitationMachine, {
        input: { id: `caller${index}`, deviceId: 'alice-phone', calleeId: 'bob', timeouts: DEFAULT_TIMEOUTS },
      }).start();
      actor.send({ type: 'SEND' });
      actor.send({ type: 'PEER_RECEIVED', device: 'bob-phone' });
      return actor;
    }),
    calleeRingingBytes: await bytesEach((index) =>
      createActor(remoteInvitationMachine, { input: calleeChartInput(`callee${index}`) }).start(),
    ),
  };
});
