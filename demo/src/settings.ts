import { DEFAULT_TIMEOUTS, type InvitationTimeouts } from '../../index.js';

/** How this page reaches other users. */
export type DemoTransport = 'memory' | 'relay' | 'broadcast';

/**
 * One phone on the page. A user listed twice in `?users=` has two devices,
 * each a call kit of its own with the same user id, as a phone and a laptop
 * signed in to one account are.
 */
export interface DemoDevice {
  /** Unique on the page, e.g. `bob` or `bob/laptop`. */
  readonly key: string;
  readonly userId: string;
  /** What to call the device when its user has several, e.g. `laptop`; undefined for a user's only device. */
  readonly label: string | undefined;
  /** True for the user's first device, which carries the user's online switch. */
  readonly first: boolean;
}

/** Everything the page reads from its address. */
export interface DemoSettings {
  /** `memory`: every phone on this page; `relay` and `broadcast`: this tab is one user. */
  readonly transport: DemoTransport;
  /** The users, each once: all users on the page (memory), or this tab's user (relay, broadcast). */
  readonly users: readonly string[];
  /** The phones on this page, in the order of `?users=`. */
  readonly devices: readonly DemoDevice[];
  /** Whom a tab's user offers to call (relay, broadcast). */
  readonly peers: readonly string[];
  /** The timeouts of every kit on the page: the defaults, with `?answerMs=` and friends applied. */
  readonly timeouts: InvitationTimeouts;
  /** True when any timeout differs from the Agora defaults. */
  readonly shortenedTimeouts: boolean;
}

const DEFAULT_USERS = ['alice', 'bob', 'carol'];
const DEVICE_LABELS = ['phone', 'laptop', 'tablet'];

/** Turns a list in which a user may repeat into one device per entry. */
export function devicesOf(userIds: readonly string[]): DemoDevice[] {
  const counts = new Map<string, number>();
  for (const userId of userIds) counts.set(userId, (counts.get(userId) ?? 0) + 1);
  const seen = new Map<string, number>();
  return userIds.map((userId) => {
    const index = seen.get(userId) ?? 0;
    seen.set(userId, index + 1);
    if ((counts.get(userId) ?? 1) === 1) return { key: userId, userId, label: undefined, first: true };
    const label = DEVICE_LABELS[index] ?? `device ${index + 1}`;
    return { key: `${userId}/${label}`, userId, label, first: index === 0 };
  });
}
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
    const listed = listParameter(query.get('users'));
    const devices = devicesOf(listed.length > 0 ? listed : DEFAULT_USERS);
    const users = [...new Set(devices.map((device) => device.userId))];
    return { transport, users, devices, peers: [], timeouts, shortenedTimeouts };
  }
  const user = query.get('user')?.trim() || 'alice';
  const peers = listParameter(query.get('peers'));
  return {
    transport,
    users: [user],
    devices: devicesOf([user]),
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
