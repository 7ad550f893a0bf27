/**
 * The charts alone: the caller's and callee's actors passing events to each
 * other on a microtask, with no kit, codec, transport or callbacks. Run on
 * XState's actors (the default runtime), this is the ceiling any kit built on
 * these charts and XState's actor runtime can reach, so item 1 can tell what
 * the kit adds from what XState costs. Run on the table evaluator
 * (`TABLE_RUNTIME`, bench/lib/table-evaluator.ts), the same loop measures the
 * same charts without XState's runtime.
 */
import { createActor } from 'xstate';
import { DEFAULT_TIMEOUTS, type InvitationTimeouts } from '../../machines/constants.js';
import { localInvitationMachine } from '../../machines/local-invitation.machine.js';
import type { LocalInvitationEmitted, LocalInvitationEvent, LocalInvitationInput } from '../../machines/local-invitation.types.js';
import { remoteInvitationMachine } from '../../machines/remote-invitation.machine.js';
import type { RemoteInvitationEmitted, RemoteInvitationEvent, RemoteInvitationInput } from '../../machines/remote-invitation.types.js';
import { compileChart, createTableActor } from './table-evaluator.js';

/** The part of an actor the loop uses. */
export interface ChartActor<TEvent, TEmitted extends { type: string }> {
  on<TType extends TEmitted['type']>(type: TType, handler: (event: Extract<TEmitted, { type: TType }>) => void): unknown;
  start(): unknown;
  send(event: TEvent): void;
  stop(): unknown;
}

/** What runs the two charts: XState's actors, or the table evaluator. */
export interface ChartRuntime {
  caller(input: LocalInvitationInput): ChartActor<LocalInvitationEvent, LocalInvitationEmitted>;
  callee(input: RemoteInvitationInput): ChartActor<RemoteInvitationEvent, RemoteInvitationEmitted>;
}

// The casts: XState's `on` and the evaluator's also take '*', which TypeScript will not match to `ChartActor`'s.
type CallerActor = ChartActor<LocalInvitationEvent, LocalInvitationEmitted>;
type CalleeActor = ChartActor<RemoteInvitationEvent, RemoteInvitationEmitted>;

export const XSTATE_RUNTIME: ChartRuntime = {
  caller: (input) => createActor(localInvitationMachine, { input }) as unknown as CallerActor,
  callee: (input) => createActor(remoteInvitationMachine, { input }) as unknown as CalleeActor,
};

const callerTable = compileChart(localInvitationMachine);
const calleeTable = compileChart(remoteInvitationMachine);

/** The same charts, compiled from the machines the package exports into flat tables (not shipped). */
export const TABLE_RUNTIME: ChartRuntime = {
  caller: (input) => createTableActor<LocalInvitationEvent, LocalInvitationEmitted>(callerTable, { input }) as unknown as CallerActor,
  callee: (input) => createTableActor<RemoteInvitationEvent, RemoteInvitationEmitted>(calleeTable, { input }) as unknown as CalleeActor,
};

/**
 * Runs `lifecycles` accepted lifecycles, `inFlight` at once, and resolves with lifecycles per second.
 * `onTimedEnd` is called as the timed part ends, before the actors are stopped (the profile item stops its
 * profiler there).
 */
export function runChartsOnlyLifecycles(
  lifecycles: number,
  inFlight: number,
  timeouts: InvitationTimeouts = DEFAULT_TIMEOUTS,
  runtime: ChartRuntime = XSTATE_RUNTIME,
  onTimedEnd?: () => void,
): Promise<number> {
  const actors: Array<{ stop(): unknown }> = [];
  let sequence = 0;

  function lifecycle(done: () => void): void {
    const id = `charts${sequence++}`;
    const caller = runtime.caller({ id, deviceId: 'alice-phone', calleeId: 'bob', timeouts });
    let callee: CalleeActor | undefined;
    let halves = 0;
    const halfDone = () => {
      if (++halves === 2) done();
    };
    caller.on('transmit', ({ message }) =>
      queueMicrotask(() => {
        if (message.type === 'invite') {
          const ringing = runtime.callee({
            id,
            deviceId: 'bob-phone',
            callerId: 'alice',
            callerDeviceId: message.device,
            content: message.content,
            channelId: message.channelId,
            timeouts,
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
        onTimedEnd?.();
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
