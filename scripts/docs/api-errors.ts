import { initialTransition, transition, type AnyMachineSnapshot, type AnyStateMachine, type StateValue } from 'xstate';
import { DEFAULT_TIMEOUTS, type InvitationApiCallError } from '../../machines/constants.js';
import {
  localInvitationMachine,
  localInvitationStateOf,
  remoteInvitationMachine,
  remoteInvitationStateOf,
} from '../../machines/index.js';
import type { ApiCallAnswer } from '../../machines/local-invitation.types.js';
import { MAX_PAYLOAD_BYTES } from '../../protocol/limits.js';

/** One app-facing method call, as the chart receives it. */
export interface ApiCall {
  /** How the app writes the call, e.g. `send()` or `accept(response over 8192 bytes)`. */
  readonly label: string;
  /** The event the kit sends to the chart for this call. */
  readonly event: { readonly type: string; readonly response?: string };
  /** Context fields the call depends on (the caller's content is read from the context, not the event). */
  readonly contextOverride?: Readonly<Record<string, unknown>>;
}

/** What one call returns in one state configuration, and where the chart goes. */
export interface ApiCallOutcome {
  readonly call: string;
  readonly result: InvitationApiCallError;
  /** The top-level state after the call. */
  readonly nextState: string;
}

/** Every call's outcome in one state configuration of a chart. */
export interface ApiCallsInState {
  /** The top-level state, e.g. `SENT_TO_REMOTE`. */
  readonly state: string;
  /** The full configuration, e.g. `SENT_TO_REMOTE.awaitingReceipt`. */
  readonly configuration: string;
  /** The public states an app can see while the chart is here, read from the chart's tags. */
  readonly publicStates: readonly string[];
  readonly outcomes: readonly ApiCallOutcome[];
}

/** The API-error reference of one chart: every call in every state configuration. */
export interface ApiErrorTable {
  /** `caller` or `callee`. */
  readonly side: 'caller' | 'callee';
  /** The chart's export name. */
  readonly exportName: string;
  readonly calls: readonly ApiCall[];
  readonly rows: readonly ApiCallsInState[];
}

interface ApiTableSpec {
  readonly side: 'caller' | 'callee';
  readonly exportName: string;
  readonly machine: AnyStateMachine;
  readonly input: Readonly<Record<string, unknown>>;
  readonly calls: readonly ApiCall[];
  /** Contexts to evaluate the public state in; the tags decide it, so one empty context is enough today. */
  readonly publicStateContexts: readonly Readonly<Record<string, unknown>>[];
  readonly publicStateOf: (snapshot: AnyMachineSnapshot) => string;
}

const overLimitPayload = 'x'.repeat(MAX_PAYLOAD_BYTES + 1);

const specs: readonly ApiTableSpec[] = [
  {
    side: 'caller',
    exportName: 'localInvitationMachine',
    machine: localInvitationMachine,
    input: { id: 'docs', deviceId: 'phone', calleeId: 'bob', content: 'hello', channelId: 'room-1', timeouts: DEFAULT_TIMEOUTS },
    calls: [
      { label: 'send()', event: { type: 'SEND' } },
      {
        label: `send() with content over ${MAX_PAYLOAD_BYTES} bytes`,
        event: { type: 'SEND' },
        contextOverride: { content: overLimitPayload },
      },
      { label: 'cancel()', event: { type: 'CANCEL' } },
    ],
    publicStateContexts: [{}],
    publicStateOf: (snapshot) => localInvitationStateOf(snapshot as Parameters<typeof localInvitationStateOf>[0]),
  },
  {
    side: 'callee',
    exportName: 'remoteInvitationMachine',
    machine: remoteInvitationMachine,
    input: {
      id: 'docs',
      deviceId: 'laptop',
      callerId: 'alice',
      callerDeviceId: 'phone',
      content: 'hello',
      channelId: 'room-1',
      timeouts: DEFAULT_TIMEOUTS,
    },
    calls: [
      { label: 'accept()', event: { type: 'ACCEPT' } },
      { label: `accept(response over ${MAX_PAYLOAD_BYTES} bytes)`, event: { type: 'ACCEPT', response: overLimitPayload } },
      { label: 'refuse()', event: { type: 'REFUSE' } },
      { label: `refuse(response over ${MAX_PAYLOAD_BYTES} bytes)`, event: { type: 'REFUSE', response: overLimitPayload } },
      { label: 'ignore()', event: { type: 'IGNORE' } },
    ],
    publicStateContexts: [{}],
    publicStateOf: (snapshot) => remoteInvitationStateOf(snapshot as Parameters<typeof remoteInvitationStateOf>[0]),
  },
];

function lastCallOf(snapshot: AnyMachineSnapshot): ApiCallAnswer | undefined {
  return (snapshot.context as { lastCall?: ApiCallAnswer }).lastCall;
}

function topLevelStateOf(value: StateValue): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/** `['SENT_TO_REMOTE', 'awaitingReceipt']` → `{ SENT_TO_REMOTE: 'awaitingReceipt' }`. */
function stateValueOf(path: readonly string[]): StateValue {
  const [head, ...rest] = path;
  if (head === undefined) throw new Error('A state value needs at least one key');
  return rest.length === 0 ? head : { [head]: stateValueOf(rest) };
}

/**
 * Paths of every atomic state under each top-level state, in definition order. Final states are left
 * out: the only one is SETTLED, where the actor is done and takes no event.
 */
function leafPaths(machine: AnyStateMachine): string[][] {
  const paths: string[][] = [];
  const visit = (node: AnyStateMachine['root']): void => {
    const children = Object.values(node.states);
    if (node.type === 'final') return;
    if (children.length === 0) paths.push([...node.path]);
    else for (const child of children) visit(child);
  };
  visit(machine.root);
  return paths;
}

function evaluateTable(spec: ApiTableSpec): ApiErrorTable {
  const { machine } = spec;
  const [initial] = initialTransition(machine, spec.input);
  const rows = leafPaths(machine).map((path): ApiCallsInState => {
    const value = stateValueOf(path);
    const resolveWith = (extra: Readonly<Record<string, unknown>>): AnyMachineSnapshot =>
      machine.resolveState({ value, context: { ...initial.context, ...extra } });
    const outcomes = spec.calls.map((call): ApiCallOutcome => {
      const before = resolveWith(call.contextOverride ?? {});
      const [after] = transition(machine, before, call.event);
      const answer = lastCallOf(after);
      if (!answer || answer === lastCallOf(before)) {
        throw new Error(`${spec.exportName} does not answer ${call.label} in ${path.join('.')}`);
      }
      return { call: call.label, result: answer.result, nextState: topLevelStateOf(after.value) };
    });
    const publicStates = [...new Set(spec.publicStateContexts.map((extra) => spec.publicStateOf(resolveWith(extra))))];
    return { state: path[0] ?? '', configuration: path.join('.'), publicStates, outcomes };
  });
  return { side: spec.side, exportName: spec.exportName, calls: spec.calls, rows };
}

/**
 * What every API call returns in every state configuration of both charts,
 * computed by running the charts: each configuration is resolved as a
 * snapshot and each call's event applied with xstate's pure `transition`.
 * A configuration where a call gets no answer is a chart bug and throws.
 */
export function apiErrorTables(): readonly ApiErrorTable[] {
  return specs.map(evaluateTable);
}
