/**
 * The invariants of docs/invariants.md, as checks over the composed
 * configurations of protocol v1 (caller endpoint 0, callee endpoint 1).
 * Each returns a one-line description of the violation, which the mutant
 * tests match, or undefined.
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
import { CALLEE, CALLER } from './protocol-v1.js';

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

export function protocolV1Invariants(system: ComposedSystem, network: NetworkKind): CheckerInvariant[] {
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

  const invariants: CheckerInvariant[] = [
    {
      name: '1 ends within its bound',
      state(configuration) {
        for (const [index, endpoint] of configuration.endpoints.entries()) {
          const bound = system.description.endpoints[index]!.lifetimeBound;
          if (endpoint.age > bound) return `${system.description.endpoints[index]!.name} still running ${bound + 1} units after it started (bound ${bound})`;
        }
        return undefined;
      },
    },
    {
      name: '2 one ending per side',
      step(from, _, to) {
        for (const index of [CALLER, CALLEE]) {
          const callbacks = to.endpoints[index]!.callbacks;
          const name = system.description.endpoints[index]!.name;
          const terminal = terminalCallbacks(callbacks);
          if (terminal.length > 1) return `${name} saw ${terminal.join(' → ')}`;
          if (callbacks.filter((callback) => callback === 'ring').length > 1) return `${name} rang twice`;
          const last = callbacks.lastIndexOf(terminal[0] ?? '');
          if (terminal.length === 1 && last !== callbacks.length - 1 && newCallbacks(from, to, index).length > 0) {
            return `${name} saw ${callbacks.slice(last + 1).join(', ')} after ${terminal[0]}`;
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
        if (network.delivers && added.includes('canceled')) {
          const callee = snapshot(to, CALLEE);
          if (callee !== undefined && !system.description.isEnded(callee)) return `caller's canceled came before the callee's (callee still ${topState(callee)})`;
        }
        return undefined;
      },
    },
    {
      name: '2 no ringing after the caller ended',
      step(from, _, to) {
        if (!network.delivers || !newCallbacks(from, to, CALLEE).includes('ring')) return undefined;
        return ended(from, CALLER) ? `callee rang after the caller ended ${verdict(from, CALLER)}` : undefined;
      },
    },
    {
      name: network.delivers ? '3 agreement' : '3 agreement under loss: only caller ACCEPTED_BY_REMOTE / callee ACCEPT_FAILURE',
      state(configuration, quiescent) {
        // Once both charts ended, their verdicts can no longer change: no need to wait for the rest.
        if (!quiescent && !(ended(configuration, CALLER) && ended(configuration, CALLEE))) return undefined;
        const caller = verdict(configuration, CALLER);
        const callee = verdict(configuration, CALLEE);
        const callerAccepted = caller === 'ACCEPTED_BY_REMOTE';
        const calleeAccepted = callee === 'ACCEPTED';
        if (callerAccepted === calleeAccepted) return undefined;
        if (!network.delivers && callerAccepted && callee === 'FAILURE(ACCEPT_FAILURE)') return undefined;
        return `caller ${caller}, callee ${callee}`;
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
        const caller = snapshot(to, CALLER)!.context as { content: string; channelId: string; response: string };
        if (newCallbacks(from, to, CALLEE).includes('ring')) {
          const callee = snapshot(to, CALLEE)!.context as { content: string; channelId: string };
          if (callee.content !== caller.content || callee.channelId !== caller.channelId) {
            return `callee got content/channelId ${JSON.stringify([callee.content, callee.channelId])}, caller sent ${JSON.stringify([caller.content, caller.channelId])}`;
          }
        }
        const answered = newCallbacks(from, to, CALLER).find((callback) => /^(accepted|refused)\(/.test(callback));
        const callee = snapshot(to, CALLEE)?.context as { response: string } | undefined;
        if (answered && callee && caller.response !== callee.response) {
          return `caller got response ${JSON.stringify(caller.response)}, callee sent ${JSON.stringify(callee.response)}`;
        }
        return undefined;
      },
    },
    {
      name: '7 an ended invitation stays ended',
      step(from, _, to) {
        for (const index of [CALLER, CALLEE]) {
          const before = snapshot(from, index);
          const after = snapshot(to, index);
          if (before && after && system.description.isEnded(before) && topState(before) !== topState(after)) {
            return `${system.description.endpoints[index]!.name} moved from ${topState(before)} to ${topState(after)}`;
          }
        }
        return undefined;
      },
    },
  ];
  return invariants;
}
