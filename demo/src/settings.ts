import { DEFAULT_TIMEOUTS, type InvitationTimeouts } from '../../index.js';

/** How this page reaches other users. */
export type DemoTransport = 'memory' | 'relay' | 'broadcast';

/** Everything the page reads from its address. */
export interface DemoSettings {
  /** `memory`: every phone on this page; `relay` and `broadcast`: this tab is one user. */
  readonly transport: DemoTransport;
  /** The users: all phones on the page (memory), or this tab's user first (relay, broadcast). */
  readonly users: readonly string[];
  /** Whom a tab's user offers to call (relay, broadcast). */
  readonly peers: readonly string[];
  /** The timeouts of every kit on the page: the defaults, with `?answerMs=` and friends applied. */
  readonly timeouts: InvitationTimeouts;
  /** True when any timeout differs from the Agora defaults. */
  readonly shortenedTimeouts: boolean;
}

const DEFAULT_USERS = ['alice', 'bob', 'carol'];
const TIMEOUT_NAMES = ['acknowledgeMs', 'answerMs', 'confirmMs', 'resendMs', 'lingerMs'] as const;

function listParameter(value: string | null): string[] {
  return (value ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** Reads the settings from a query string such as `?transport=relay&user=alice&answerMs=2000`. */
export function readDemoSettings(search: string): DemoSettings {
  const query = new URLSearchParams(search);
  const requested = query.get('transport');
  const transport: DemoTransport = requested === 'relay' || requested === 'broadcast' ? requested : 'memory';
  const timeouts: Record<(typeof TIMEOUT_NAMES)[number], number> = { ...DEFAULT_TIMEOUTS };
  for (const name of TIMEOUT_NAMES) {
    const value = Number(query.get(name));
    if (query.has(name) && Number.isFinite(value) && value > 0) timeouts[name] = value;
  }
  const shortenedTimeouts = TIMEOUT_NAMES.some((name) => timeouts[name] !== DEFAULT_TIMEOUTS[name]);
  if (transport === 'memory') {
    const users = listParameter(query.get('users'));
    return { transport, users: users.length > 0 ? users : DEFAULT_USERS, peers: [], timeouts, shortenedTimeouts };
  }
  const user = query.get('user')?.trim() || 'alice';
  const peers = listParameter(query.get('peers'));
  return {
    transport,
    users: [user],
    peers: peers.length > 0 ? peers : DEFAULT_USERS.filter((name) => name !== user),
    timeouts,
    shortenedTimeouts,
  };
}

/** The address of this page in another mode, keeping the timeouts. */
export function demoAddress(changes: Record<string, string | undefined>): string {
  const query = new URLSearchParams(window.location.search);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) query.delete(name);
    else query.set(name, value);
  }
  const search = query.toString();
  return `${window.location.pathname}${search ? `?${search}` : ''}`;
}
