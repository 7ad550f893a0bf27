/**
 * The invariants of docs/invariants.md, as checks over the composed
 * configurations of protocol v2: the caller is endpoint 0, bob's devices are
 * endpoints 1…N. Each returns a one-line description of the violation, which
 * the mutant tests match, or undefined.
 */
import type { AnyMachineSnapshot } from 'xstate';
import {
  CALLEE_TABLE,
  CALLER_TABLE,
  type CalleeCall,
  type CalleeStateName,
  type CallerCall,
  type CallerStateName,
} from '../verification/api-error-table.js';
import { topState, type ComposedSystem, type Configuration, type Step } from './composition.js';
import type { Invariant } from './explorer.js';
import { CALLEE, CALLER, calleeDevice } from './protocol-v2.js';

type CheckerInvariant = Invariant<Configuration, Step>;

const TERMINAL_CALLBACK = /^(accepted|refused|canceled|failure)\b/;

const terminalCallbacks = (callbacks: readonly string[]) => callbacks.filter((callback) => TERMINAL_CALLBACK.test(callback));

function newCallbacks(from: Configuration, to: Configuration, endpoint: number): readonly string[] {
  return to.endpoints[endpoint]!.callbacks.slice(from.endpoints[endpoint]!.callbacks.length);
}

function callerStateName(snapshot: AnyMachineSnapshot): CallerStateName {
  const state = topState(snapshot);
  if (state === 'CANCELING') {
    return (snapshot.context as { acknowledged: boolean }).acknowledged ? 'CANCELING (acknowledged)' : 'CANCELING (unacknowledged)';
  }
  return state as CallerStateName;
}

/**
 * Whether the network under check delivers: every message within the
 * latency bound, none lost, none replayed later. Agreement, the cancel order
 * and "no ringing after the caller ended" are promised only there.
 */
export interface NetworkKind {
  readonly delivers: boolean;
}

export function protocolV2Invariants(system: ComposedSystem, network: NetworkKind): CheckerInvariant[] {
  const everyone = system.description.endpoints.map((_, index) => index);
  const callees = everyone.filter((index) => index !== CALLER);
  const name = (endpoint: number) => system.description.endpoints[endpoint]!.name;
  const snapshot = (configuration: Configuration, endpoint: number) => system.snapshotOf(configuration, endpoint);
  const ended = (configuration: Configuration, endpoint: number) => {
    const chart = snapshot(configuration, endpoint);
    return chart !== undefined && system.description.isEnded(chart);
  };
  const verdict = (configuration: Configuration, endpoint: number) => {
    const chart = snapshot(configuration, endpoint);
    if (!chart) return 'never rang';
    const reason = (chart.context as { failureReason?: string }).failureReason;
    const state = topState(chart);
    return state === 'FAILURE' ? `FAILURE(${reason ?? '?'})` : state;
  };

  /** The endpoint of bob's device `device`, if it is one of this composition's. */
  const endpointOfDevice = (device: string | undefined) => callees.find((index) => calleeDevice(index - CALLEE + 1) === device);
  const callerContext = (configuration: Configuration) =>
    snapshot(configuration, CALLER)!.context as { content: string; channelId: string; response: string; answeringDevice?: string };

  const invariants: CheckerInvariant[] = [
    {
      name: '1 ends within its bound',
      state(configuration) {
        for (const [index, endpoint] of configuration.endpoints.entries()) {
          const bound = system.description.endpoints[index]!.lifetimeBound;
          if (endpoint.age > bound) return `${name(index)} still running ${bound + 1} units after it started (bound ${bound})`;
        }
        return undefined;
      },
    },
    {
      name: '2 one ending per side',
      step(from, _, to) {
        for (const index of everyone) {
          const callbacks = to.endpoints[index]!.callbacks;
          const terminal = terminalCallbacks(callbacks);
          if (terminal.length > 1) return `${name(index)} saw ${terminal.join(' → ')}`;
          if (callbacks.filter((callback) => callback === 'ring').length > 1) return `${name(index)} rang twice`;
          const last = callbacks.lastIndexOf(terminal[0] ?? '');
          if (terminal.length === 1 && last !== callbacks.length - 1 && newCallbacks(from, to, index).length > 0) {
            return `${name(index)} saw ${callbacks.slice(last + 1).join(', ')} after ${terminal[0]}`;
          }
        }
        return undefined;
      },
    },
    {
      name: '2 callbacks in the chart’s order',
      step(from, _, to) {
        const callbacks = to.endpoints[CALLER]!.callbacks;
        const added = newCallbacks(from, to, CALLER);
        for (const callback of added) {
          if (/^(accepted|refused)/.test(callback) && !callbacks.includes('receivedByPeer')) return `caller saw ${callback.replace(/\(.*/, '')} without receivedByPeer`;
        }
        if (callbacks.filter((callback) => callback === 'receivedByPeer').length > 1) return 'caller saw receivedByPeer twice';
        // With several devices, one device's cancel-ack ends the caller's wait while the cancel is still reaching the others.
        if (network.delivers && callees.length === 1 && added.includes('canceled')) {
          const callee = snapshot(to, CALLEE);
          if (callee !== undefined && !system.description.isEnded(callee)) return `caller's canceled came before the callee's (callee still ${topState(callee)})`;
        }
        return undefined;
      },
    },
    {
      name: '2 no ringing after the caller ended',
      step(from, _, to) {
        // With several devices an invite may still be on its way to one device when another device's answer ends the
        // caller; the promise there is "within one delivery", which this untimed check cannot state.
        if (!network.delivers || callees.length !== 1 || !newCallbacks(from, to, CALLEE).includes('ring')) return undefined;
        return ended(from, CALLER) ? `callee rang after the caller ended ${verdict(from, CALLER)}` : undefined;
      },
    },
    {
      name: network.delivers ? '3 agreement' : '3 agreement under loss: only caller ACCEPTED_BY_REMOTE / callee ACCEPT_FAILURE',
      state(configuration, quiescent) {
        // Once every chart ended, their verdicts can no longer change: no need to wait for the rest.
        if (!quiescent && !everyone.every((index) => ended(configuration, index))) return undefined;
        const caller = verdict(configuration, CALLER);
        const callerAccepted = caller === 'ACCEPTED_BY_REMOTE';
        const calleeAccepted = callees.some((index) => verdict(configuration, index) === 'ACCEPTED');
        if (callerAccepted === calleeAccepted) return undefined;
        if (!network.delivers && callerAccepted) {
          const taken = endpointOfDevice(callerContext(configuration).answeringDevice);
          if (taken !== undefined && verdict(configuration, taken) === 'FAILURE(ACCEPT_FAILURE)') return undefined;
        }
        const callee =
          callees.length === 1 ? `callee ${verdict(configuration, CALLEE)}` : callees.map((index) => `${name(index)} ${verdict(configuration, index)}`).join(', ');
        return `caller ${caller}, ${callee}`;
      },
    },
    {
      name: '4 API answers match the table',
      step(from, step, to) {
        // After the chart settled the kit answers from its final snapshot without keeping the result; not checked here.
        if (step.kind !== 'call' || from.endpoints[step.endpoint]!.phase !== 'live') return undefined;
        const before = snapshot(from, step.endpoint)!;
        const after = snapshot(to, step.endpoint)!;
        const answer = system.description.answerOf(after);
        if (step.endpoint === CALLER) {
          const expected = CALLER_TABLE[callerStateName(before)][step.call as CallerCall];
          if (answer !== expected) return `${callerStateName(before)} · ${step.call}: answered ${answer}, table says ${expected}`;
        } else {
          const expected = CALLEE_TABLE[topState(before) as CalleeStateName][step.call as CalleeCall];
          if (answer !== expected) {
            return `${topState(before)} · ${step.call}: answered ${answer}, table says ${expected}`;
          }
        }
        return undefined;
      },
    },
    {
      name: '5 payload fidelity',
      step(from, _, to) {
        const caller = callerContext(to);
        for (const index of callees) {
          if (!newCallbacks(from, to, index).includes('ring')) continue;
          const callee = snapshot(to, index)!.context as { content: string; channelId: string };
          if (callee.content !== caller.content || callee.channelId !== caller.channelId) {
            return `callee got content/channelId ${JSON.stringify([callee.content, callee.channelId])}, caller sent ${JSON.stringify([caller.content, caller.channelId])}`;
          }
        }
        const answered = newCallbacks(from, to, CALLER).find((callback) => /^(accepted|refused)\(/.test(callback));
        const taken = endpointOfDevice(caller.answeringDevice);
        const callee = taken === undefined ? undefined : (snapshot(to, taken)?.context as { response: string } | undefined);
        if (answered && !callee) return `caller took an answer from ${caller.answeringDevice ?? 'no device'}, which never rang`;
        if (answered && callee && caller.response !== callee.response) {
          return `caller got response ${JSON.stringify(caller.response)}, callee sent ${JSON.stringify(callee.response)}`;
        }
        return undefined;
      },
    },
    {
      name: '7 an ended invitation stays ended',
      step(from, _, to) {
        for (const index of everyone) {
          const before = snapshot(from, index);
          const after = snapshot(to, index);
          if (before && after && system.description.isEnded(before) && topState(before) !== topState(after)) {
            return `${name(index)} moved from ${topState(before)} to ${topState(after)}`;
          }
        }
        return undefined;
      },
    },
    {
      name: '9 one device connects, the one the caller took',
      state(configuration) {
        const accepted = callees.filter((index) => topState(snapshot(configuration, index) ?? EMPTY) === 'ACCEPTED');
        if (accepted.length > 1) return `${accepted.map(name).join(' and ')} all reached ACCEPTED`;
        const [device] = accepted;
        if (device === undefined) return undefined;
        const caller = verdict(configuration, CALLER);
        const taken = callerContext(configuration).answeringDevice;
        if (caller !== 'ACCEPTED_BY_REMOTE' || endpointOfDevice(taken) !== device) {
          return `${name(device)} reached ACCEPTED, but the caller is ${caller} and took ${taken ?? 'no device'}`;
        }
        return undefined;
      },
    },
  ];
  return invariants;
}

/** Stands for a chart that never started: no top state. */
const EMPTY = { value: '' } as unknown as AnyMachineSnapshot;
