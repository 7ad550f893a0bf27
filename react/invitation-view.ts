import type { LocalInvitation } from '../kit/local-invitation.js';
import type { RemoteInvitation } from '../kit/remote-invitation.js';
import type {
  LocalInvitationFailureReason,
  LocalInvitationState,
  RemoteInvitationFailureReason,
  RemoteInvitationState,
} from '../machines/constants.js';
import {
  localInvitationStateOf,
  remoteInvitationStateOf,
  type LocalInvitationSnapshot,
  type RemoteInvitationSnapshot,
} from '../machines/public-state.js';

/** What a caller's screen shows about one invitation. */
export interface LocalInvitationView {
  /** This side of the call. */
  readonly side: 'caller';
  /** The public state, as `invitation.state` reports it. */
  readonly state: LocalInvitationState;
  /**
   * The chart's top-level state, which differs from `state` only while a
   * cancel waits for the callee's confirmation (`CANCELING`). Use it to
   * highlight a node of the generated diagram.
   */
  readonly chartState: string;
  /** The callee's response once it accepted or refused; empty before. */
  readonly response: string;
  /** Why the invitation failed, once it is in FAILURE. */
  readonly reason: LocalInvitationFailureReason | undefined;
  /** True once the invitation reached an end state; nothing but `chartState` changes afterwards. */
  readonly ended: boolean;
}

/** What a callee's screen shows about one invitation. */
export interface RemoteInvitationView {
  /** This side of the call. */
  readonly side: 'callee';
  /** The public state, as `invitation.state` reports it. */
  readonly state: RemoteInvitationState;
  /** The chart's top-level state; equal to `state` on the callee's side. */
  readonly chartState: string;
  /** The response this side accepted or refused with (or will, while ringing). */
  readonly response: string;
  /** Why the invitation failed, once it is in FAILURE. */
  readonly reason: RemoteInvitationFailureReason | undefined;
  /** True once the invitation reached an end state. */
  readonly ended: boolean;
}

/** The view of either side's invitation. */
export type InvitationView = LocalInvitationView | RemoteInvitationView;

/** Either side's invitation handle. */
export type AnyInvitation = LocalInvitation | RemoteInvitation;

/** The view that matches an invitation type. */
export type InvitationViewOf<I extends AnyInvitation> = I extends LocalInvitation ? LocalInvitationView : RemoteInvitationView;

function topLevelStateOf(value: string | Record<string, unknown>): string {
  return typeof value === 'string' ? value : (Object.keys(value)[0] ?? '');
}

/** Reads the caller's view out of a chart snapshot. */
export function localInvitationViewOf(snapshot: LocalInvitationSnapshot): LocalInvitationView {
  return {
    side: 'caller',
    state: localInvitationStateOf(snapshot),
    chartState: topLevelStateOf(snapshot.value),
    response: snapshot.context.response,
    reason: snapshot.context.failureReason,
    ended: snapshot.hasTag('ended'),
  };
}

/** Reads the callee's view out of a chart snapshot. */
export function remoteInvitationViewOf(snapshot: RemoteInvitationSnapshot): RemoteInvitationView {
  return {
    side: 'callee',
    state: remoteInvitationStateOf(snapshot),
    chartState: topLevelStateOf(snapshot.value),
    response: snapshot.context.response,
    reason: snapshot.context.failureReason,
    ended: snapshot.hasTag('ended'),
  };
}

/** True when two views would render the same. */
export function isSameInvitationView(left: InvitationView, right: InvitationView): boolean {
  return (
    left.side === right.side &&
    left.state === right.state &&
    left.chartState === right.chartState &&
    left.response === right.response &&
    left.reason === right.reason &&
    left.ended === right.ended
  );
}

/**
 * A store in the shape `useSyncExternalStore` wants: `getSnapshot` returns the
 * same object for as long as the view is unchanged, so a component re-renders
 * when the state, response or reason changes and not on every chart step
 * (re-sends, timers, reachability reports).
 */
export interface InvitationViewSource<View extends InvitationView> {
  /** Calls `onChange` after every chart step; returns a function that stops it. */
  subscribe(onChange: () => void): () => void;
  /** The current view; a new object only when something visible changed. */
  getSnapshot(): View;
}

const viewSources = new WeakMap<AnyInvitation, InvitationViewSource<InvitationView>>();

function isLocalInvitation(invitation: AnyInvitation): invitation is LocalInvitation {
  return 'calleeId' in invitation;
}

/**
 * The view source of `invitation`, one per invitation, so that every
 * component showing it shares one cached view.
 */
export function invitationViewSourceOf<I extends AnyInvitation>(invitation: I): InvitationViewSource<InvitationViewOf<I>> {
  let source = viewSources.get(invitation);
  if (source === undefined) {
    source = isLocalInvitation(invitation)
      ? createViewSource(invitation.actor, localInvitationViewOf)
      : createViewSource(invitation.actor, remoteInvitationViewOf);
    viewSources.set(invitation, source);
  }
  return source as InvitationViewSource<InvitationViewOf<I>>;
}

interface ObservableActor<Snapshot> {
  getSnapshot(): Snapshot;
  subscribe(observer: { next: () => void; error: () => void }): { unsubscribe(): void };
}

function createViewSource<Snapshot, View extends InvitationView>(
  actor: ObservableActor<Snapshot>,
  viewOf: (snapshot: Snapshot) => View,
): InvitationViewSource<View> {
  let lastSnapshot = actor.getSnapshot();
  let lastView = viewOf(lastSnapshot);
  return {
    subscribe(onChange) {
      // A stopped actor completes the observer at once: its last snapshot stays readable.
      const subscription = actor.subscribe({ next: onChange, error: onChange });
      return () => subscription.unsubscribe();
    },
    getSnapshot() {
      const snapshot = actor.getSnapshot();
      if (snapshot !== lastSnapshot) {
        lastSnapshot = snapshot;
        const view = viewOf(snapshot);
        if (!isSameInvitationView(view, lastView)) lastView = view;
      }
      return lastView;
    },
  };
}
