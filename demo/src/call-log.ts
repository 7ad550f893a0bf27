import type { LocalInvitation, RemoteInvitation } from '../../index.js';

/** One line of a call's log. */
export interface CallLogEntry {
  /** Milliseconds since the invitation was created or received. */
  readonly at: number;
  /** `callback`: the package called the app; `call`: the app called the package. */
  readonly kind: 'callback' | 'call';
  /** What happened, e.g. `receivedByPeer()` or `cancel() → OK`. */
  readonly text: string;
}

/** Everything the demo remembers about one invitation on one phone. */
export interface CallRecord {
  /** The invitation id, shared by the caller's and the callee's handles. */
  readonly id: string;
  /** The phone that holds this handle. */
  readonly owner: string;
  /** The other party. */
  readonly peer: string;
  /** When the handle was created or received (`performance.now()`). */
  readonly startedAt: number;
  /** The handle itself. */
  readonly invitation: LocalInvitation | RemoteInvitation;
  /** The chart's top-level states in the order they were entered, for the diagram's trail. */
  readonly visited: readonly string[];
  /** Callbacks and API calls, oldest first. */
  readonly log: readonly CallLogEntry[];
}

/** Both handles of one invitation, as far as this page holds them. */
export interface CallPair {
  readonly caller: CallRecord | undefined;
  readonly callee: CallRecord | undefined;
}

type Listener = () => void;

/**
 * The page's memory of every invitation its phones created or received, as an
 * external store for `useSyncExternalStore`. Records are replaced, never
 * mutated, so a component re-renders exactly when its record changed.
 */
class CallBook {
  #records = new Map<LocalInvitation | RemoteInvitation, CallRecord>();
  #pairs = new Map<string, CallPair>();
  #order: readonly string[] = [];
  readonly #listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  /** Ids of all invitations, newest first. */
  ids = (): readonly string[] => this.#order;

  pairOf(id: string): CallPair | undefined {
    return this.#pairs.get(id);
  }

  recordOf(invitation: LocalInvitation | RemoteInvitation): CallRecord | undefined {
    return this.#records.get(invitation);
  }

  /** Starts recording `invitation`, held by `owner`; idempotent. */
  track(invitation: LocalInvitation | RemoteInvitation, owner: string): CallRecord {
    const existing = this.#records.get(invitation);
    if (existing !== undefined) return existing;
    const isCaller = 'calleeId' in invitation;
    const record: CallRecord = {
      id: invitation.id,
      owner,
      peer: isCaller ? invitation.calleeId : invitation.callerId,
      startedAt: performance.now(),
      invitation,
      visited: [topLevelState(invitation.actor.getSnapshot().value)],
      log: isCaller ? [] : [{ at: 0, kind: 'callback', text: 'remoteInvitationReceived()' }],
    };
    this.#records.set(invitation, record);
    this.#watch(record);
    const pair = this.#pairs.get(record.id);
    if (pair === undefined) this.#order = [record.id, ...this.#order];
    this.#pairs.set(
      record.id,
      isCaller ? { caller: record, callee: pair?.callee } : { caller: pair?.caller, callee: record },
    );
    this.#publish();
    return record;
  }

  /** Adds an API call and its answer to the log. */
  noteCall(invitation: LocalInvitation | RemoteInvitation, text: string): void {
    this.#append(invitation, 'call', text);
  }

  #watch(record: CallRecord): void {
    const { invitation } = record;
    const log = (text: string) => this.#append(invitation, 'callback', text);
    if ('calleeId' in invitation) {
      invitation.on('receivedByPeer', () => log('receivedByPeer()'));
      invitation.on('accepted', (response) => log(`accepted(${JSON.stringify(response)})`));
      invitation.on('refused', (response) => log(`refused(${JSON.stringify(response)})`));
      invitation.on('canceled', () => log('canceled()'));
      invitation.on('failure', (reason) => log(`failure(${reason})`));
      invitation.actor.subscribe((snapshot) => this.#visit(invitation, topLevelState(snapshot.value)));
    } else {
      invitation.on('accepted', () => log('accepted()'));
      invitation.on('refused', () => log('refused()'));
      invitation.on('canceled', () => log('canceled()'));
      invitation.on('failure', (reason) => log(`failure(${reason})`));
      invitation.actor.subscribe((snapshot) => this.#visit(invitation, topLevelState(snapshot.value)));
    }
  }

  #visit(invitation: LocalInvitation | RemoteInvitation, state: string): void {
    const record = this.#records.get(invitation);
    if (record === undefined || record.visited.at(-1) === state) return;
    this.#replace({ ...record, visited: [...record.visited, state] });
  }

  #append(invitation: LocalInvitation | RemoteInvitation, kind: CallLogEntry['kind'], text: string): void {
    const record = this.#records.get(invitation);
    if (record === undefined) return;
    this.#replace({ ...record, log: [...record.log, { at: performance.now() - record.startedAt, kind, text }] });
  }

  #replace(record: CallRecord): void {
    this.#records.set(record.invitation, record);
    const pair = this.#pairs.get(record.id);
    if (pair !== undefined) {
      this.#pairs.set(record.id, pair.caller?.invitation === record.invitation ? { ...pair, caller: record } : { ...pair, callee: record });
    }
    this.#publish();
  }

  #publish(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

function topLevelState(value: string | Record<string, unknown>): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/** The page's one call book. */
export const callBook = new CallBook();
