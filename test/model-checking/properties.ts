/**
 * The invariants of docs/invariants.md, as checks over the composed
 * configurations of protocol v2: one call (the caller is endpoint 0, bob's
 * devices are endpoints 1…N), or two that cross (glare: see `composedCalls`).
 * Each returns a one-line description of the violation, which the mutant
 * tests match, or undefined. With two calls, a message about one call starts
 * with its invitation id.
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
import { glareWinner } from '../../machines/glare.js';
import type { ComposedCall } from './protocol-v2.js';

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
  /**
   * Glare: require the reason `replaced` on both sides of the losing call even where its callee's app answered it
   * (see `glareInvariant`). Used to find the shortest run that shows why the invariant allows that.
   */
  readonly strictGlare?: boolean;
}

export function protocolV2Invariants(system: ComposedSystem, network: NetworkKind, calls: readonly ComposedCall[]): CheckerInvariant[] {
  const everyone = system.description.endpoints.map((_, index) => index);
  const callers = calls.map((call) => call.caller);
  const name = (endpoint: number) => system.description.endpoints[endpoint]!.name;
  /** Prefixes a message about one call with its id, when there are two. */
  const about = (call: ComposedCall, message: string) => (calls.length === 1 ? message : `${call.id}: ${message}`);
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
  const calleesOf = (call: ComposedCall) => call.callees.map((callee) => callee.endpoint);

  /** The endpoint of `call`'s callee device `device`, if it is one of this composition's. */
  const endpointOfDevice = (call: ComposedCall, device: string | undefined) => call.callees.find((callee) => callee.device === device)?.endpoint;
  const callerContext = (configuration: Configuration, call: ComposedCall) =>
    snapshot(configuration, call.caller)!.context as { content: string; channelId: string; response: string; answeringDevice?: string };

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
        for (const call of calls) {
          const callbacks = to.endpoints[call.caller]!.callbacks;
          const added = newCallbacks(from, to, call.caller);
          for (const callback of added) {
            if (/^(accepted|refused)/.test(callback) && !callbacks.includes('receivedByPeer')) {
              return about(call, `caller saw ${callback.replace(/\(.*/, '')} without receivedByPeer`);
            }
          }
          if (callbacks.filter((callback) => callback === 'receivedByPeer').length > 1) return about(call, 'caller saw receivedByPeer twice');
          // With several devices, one device's cancel-ack ends the caller's wait while the cancel is still reaching the others.
          if (network.delivers && call.callees.length === 1 && added.includes('canceled')) {
            const callee = snapshot(to, call.callees[0]!.endpoint);
            if (callee !== undefined && !system.description.isEnded(callee)) {
              return about(call, `caller's canceled came before the callee's (callee still ${topState(callee)})`);
            }
          }
        }
        return undefined;
      },
    },
    {
      name: '2 no ringing after the caller ended',
      step(from, _, to) {
        // With several devices an invite may still be on its way to one device when another device's answer ends the
        // caller; the promise there is "within one delivery", which this untimed check cannot state.
        if (!network.delivers) return undefined;
        for (const call of calls) {
          if (call.callees.length !== 1 || !newCallbacks(from, to, call.callees[0]!.endpoint).includes('ring')) continue;
          if (ended(from, call.caller)) return about(call, `callee rang after the caller ended ${verdict(from, call.caller)}`);
        }
        return undefined;
      },
    },
    {
      name: network.delivers ? '3 agreement' : '3 agreement under loss: only caller ACCEPTED_BY_REMOTE / callee ACCEPT_FAILURE',
      state(configuration, quiescent) {
        for (const call of calls) {
          const callees = calleesOf(call);
          // Once every chart of the call ended, their verdicts can no longer change: no need to wait for the rest.
          if (!quiescent && ![call.caller, ...callees].every((index) => ended(configuration, index))) continue;
          const caller = verdict(configuration, call.caller);
          const callerAccepted = caller === 'ACCEPTED_BY_REMOTE';
          const calleeAccepted = callees.some((index) => verdict(configuration, index) === 'ACCEPTED');
          if (callerAccepted === calleeAccepted) continue;
          if (!network.delivers && callerAccepted) {
            const taken = endpointOfDevice(call, callerContext(configuration, call).answeringDevice);
            if (taken !== undefined && verdict(configuration, taken) === 'FAILURE(ACCEPT_FAILURE)') continue;
          }
          const callee =
            callees.length === 1 ? `callee ${verdict(configuration, callees[0]!)}` : callees.map((index) => `${name(index)} ${verdict(configuration, index)}`).join(', ');
          return about(call, `caller ${caller}, ${callee}`);
        }
        return undefined;
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
        if (callers.includes(step.endpoint)) {
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
        for (const call of calls) {
          const caller = callerContext(to, call);
          for (const index of calleesOf(call)) {
            if (!newCallbacks(from, to, index).includes('ring')) continue;
            const callee = snapshot(to, index)!.context as { content: string; channelId: string };
            if (callee.content !== caller.content || callee.channelId !== caller.channelId) {
              return about(
                call,
                `callee got content/channelId ${JSON.stringify([callee.content, callee.channelId])}, caller sent ${JSON.stringify([caller.content, caller.channelId])}`,
              );
            }
          }
          const answered = newCallbacks(from, to, call.caller).find((callback) => /^(accepted|refused)\(/.test(callback));
          const taken = endpointOfDevice(call, caller.answeringDevice);
          const callee = taken === undefined ? undefined : (snapshot(to, taken)?.context as { response: string } | undefined);
          if (answered && !callee) return about(call, `caller took an answer from ${caller.answeringDevice ?? 'no device'}, which never rang`);
          if (answered && callee && caller.response !== callee.response) {
            return about(call, `caller got response ${JSON.stringify(caller.response)}, callee sent ${JSON.stringify(callee.response)}`);
          }
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
        for (const call of calls) {
          const accepted = calleesOf(call).filter((index) => topState(snapshot(configuration, index) ?? EMPTY) === 'ACCEPTED');
          if (accepted.length > 1) return about(call, `${accepted.map(name).join(' and ')} all reached ACCEPTED`);
          const [device] = accepted;
          if (device === undefined) continue;
          const caller = verdict(configuration, call.caller);
          const taken = callerContext(configuration, call).answeringDevice;
          if (caller !== 'ACCEPTED_BY_REMOTE' || endpointOfDevice(call, taken) !== device) {
            return about(call, `${name(device)} reached ACCEPTED, but the caller is ${caller} and took ${taken ?? 'no device'}`);
          }
        }
        return undefined;
      },
    },
  ];
  if (calls.length === 2) invariants.push(glareInvariant(system, calls, network.strictGlare === true));
  return invariants;
}

/** The name under which glare is checked. */
export const GLARE_INVARIANT = '9 glare: one of two crossing calls connects, or neither; the loser ends replaced on both sides';

/**
 * Invariant 9, glare, on two calls between the same two users, each made
 * before the other's invite reached its caller's device (the composition's
 * apps call `send` only then): the calls cross. In every configuration, at
 * most one of them is connected on either side, and never the one
 * `glareWinner` says loses. Once the loser's charts all ended (or the run is
 * at rest), it ended with the reason `replaced` at its caller (CANCELED or
 * REFUSED_BY_REMOTE) and at its callee (REFUSED or CANCELED), unless its
 * invite never rang there. Agreement of each call's two sides is invariant 3,
 * checked per call.
 *
 * One exception, unless `strict`: the winner may connect before the loser's
 * invite reaches the winner's caller, whose kit then sees no crossing and
 * lets the loser ring as an ordinary call. If that app refuses it before the
 * loser's cancel arrives, the refusal is the callee's final word (a refusal
 * that crosses a cancel wins): both sides end REFUSED with the app's reason.
 */
function glareInvariant(system: ComposedSystem, calls: readonly ComposedCall[], strict: boolean): CheckerInvariant {
  const [first, second] = calls as [ComposedCall, ComposedCall];
  const winner = glareWinner(first, second);
  const loser = winner === first ? second : first;
  const snapshot = (configuration: Configuration, endpoint: number) => system.snapshotOf(configuration, endpoint);
  /** The chart's state and, for an ended one, the reason it ended with: `CANCELED("replaced")`. */
  const ending = (configuration: Configuration, endpoint: number): { state: string; reason?: string } => {
    const chart = snapshot(configuration, endpoint);
    if (!chart) return { state: 'never rang' };
    const state = topState(chart);
    const context = chart.context as { cancelReason?: string; refuseReason?: string; failureReason?: string };
    const reason =
      state === 'CANCELED' ? context.cancelReason : state === 'REFUSED' || state === 'REFUSED_BY_REMOTE' ? context.refuseReason : state === 'FAILURE' ? context.failureReason : undefined;
    return reason === undefined ? { state } : { state, reason };
  };
  const show = ({ state, reason }: { state: string; reason?: string }) => (reason === undefined ? state : `${state}(${JSON.stringify(reason)})`);
  const connected = (configuration: Configuration, call: ComposedCall) =>
    topState(snapshot(configuration, call.caller)!) === 'ACCEPTED_BY_REMOTE' ||
    call.callees.some((callee) => topState(snapshot(configuration, callee.endpoint) ?? EMPTY) === 'ACCEPTED');
  const sides = (configuration: Configuration, call: ComposedCall) =>
    [call.caller, ...call.callees.map((callee) => callee.endpoint)].map((endpoint) => `${system.description.endpoints[endpoint]!.name} ${show(ending(configuration, endpoint))}`).join(', ');
  /** The loser rang as an ordinary call at its callee, whose app refused it, and its caller ended on that refusal. */
  const refusedByItsApp = (configuration: Configuration) => {
    const caller = ending(configuration, loser.caller);
    return loser.callees.every((callee) => {
      const { state, reason } = ending(configuration, callee.endpoint);
      if (state === 'never rang' || (reason === 'replaced' && (state === 'REFUSED' || state === 'CANCELED'))) return true;
      const rang = configuration.endpoints[callee.endpoint]!.callbacks.includes('ring');
      return rang && state === 'REFUSED' && caller.state === 'REFUSED_BY_REMOTE' && caller.reason === reason;
    });
  };
  return {
    name: GLARE_INVARIANT,
    state(configuration, quiescent) {
      if (!calls.every((call) => configuration.endpoints[call.caller]!.callsMade.includes('send'))) return undefined;
      if (connected(configuration, first) && connected(configuration, second)) {
        return `both crossing calls connected: ${sides(configuration, first)}; ${sides(configuration, second)}`;
      }
      if (connected(configuration, loser)) return `the losing call ${loser.id} connected: ${sides(configuration, loser)}`;
      const loserEndpoints = [loser.caller, ...loser.callees.map((callee) => callee.endpoint)];
      const settled = loserEndpoints.every((endpoint) => {
        const chart = snapshot(configuration, endpoint);
        return chart !== undefined && system.description.isEnded(chart);
      });
      if (!quiescent && !settled) return undefined;
      const replaced = (endpoint: number, states: readonly string[]) => {
        const { state, reason } = ending(configuration, endpoint);
        return (states.includes(state) && reason === 'replaced') || (endpoint !== loser.caller && state === 'never rang');
      };
      const wrong = loserEndpoints.find((endpoint) =>
        endpoint === loser.caller ? !replaced(endpoint, ['CANCELED', 'REFUSED_BY_REMOTE']) : !replaced(endpoint, ['REFUSED', 'CANCELED']),
      );
      if (wrong === undefined) return undefined;
      if (!strict && refusedByItsApp(configuration)) return undefined;
      return `the losing call ${loser.id} did not end replaced: ${sides(configuration, loser)}`;
    },
  };
}

/** Stands for a chart that never started: no top state. */
const EMPTY = { value: '' } as unknown as AnyMachineSnapshot;
