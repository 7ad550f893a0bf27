/**
 * The protocol of `createCallKit`, written by hand without XState, as the
 * yardstick of benchmark item 1. Not shipped: it exists to show what the
 * statecharts cost. It speaks the same wire messages through the same codec,
 * checks the same limits, runs the same timers (acknowledgement, answer,
 * confirmation, re-send, linger), remembers ended invitations the same way,
 * and calls the app back on a microtask like the kit.
 */
import type { Transport } from '../../adapters/transport.js';
import { isPeerOfflineError } from '../../adapters/transport.js';
import { createInvitationId } from '../../kit/invitation-id.js';
import type { LocalInvitationOptions } from '../../kit/index.js';
import { DEFAULT_TIMEOUTS, type InvitationTimeouts } from '../../machines/constants.js';
import { decodeMessage, encodeMessage } from '../../protocol/codec.js';
import { isValidUserId } from '../../protocol/limits.js';
import type { CalleeMessage, CallerMessage, WireMessage } from '../../protocol/messages.js';
import { isCallerMessage } from '../../protocol/messages.js';
import { CalleeInvitation, type CalleeHost } from './callee-invitation.js';
import { CallerInvitation, type CallerHost } from './caller-invitation.js';
import { Callbacks } from './callbacks.js';
import { BASELINE_DEVICE } from './baseline-device.js';

export interface HandWrittenKitOptions {
  readonly userId: string;
  readonly transport: Transport;
  readonly timeouts?: Partial<InvitationTimeouts>;
  readonly maxIncomingInvitations?: number;
}

interface HandWrittenKitEvents {
  readonly remoteInvitationReceived: (invitation: CalleeInvitation) => void;
}

export interface HandWrittenKit {
  readonly userId: string;
  createLocalInvitation(calleeId: string, options?: LocalInvitationOptions): CallerInvitation;
  on<E extends keyof HandWrittenKitEvents>(event: E, handler: HandWrittenKitEvents[E]): () => void;
  stats(): { readonly liveLocalInvitations: number; readonly liveRemoteInvitations: number; readonly dropped: number };
  close(): Promise<void>;
}

export function createHandWrittenKit(options: HandWrittenKitOptions): HandWrittenKit {
  const { userId, transport } = options;
  const timeouts: InvitationTimeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const maxIncomingInvitations = options.maxIncomingInvitations ?? 10_000;
  const callbacks = new Callbacks<HandWrittenKitEvents>();
  const callerInvitations = new Map<string, CallerInvitation>();
  const calleeInvitations = new Map<string, CalleeInvitation>();
  const endedCalleeKeys = new Map<string, number>();
  const endedRetentionMs = timeouts.acknowledgeMs + timeouts.lingerMs;
  const maxEndedCalleeKeys = Math.max(1_000, 2 * maxIncomingInvitations);
  let dropped = 0;
  let closed = false;

  const calleeKey = (callerId: string, id: string) => `${callerId}\n${id}`;

  function transmit(peerId: string, message: WireMessage, invitation?: CallerInvitation | CalleeInvitation): void {
    let pending: Promise<void>;
    try {
      pending = transport.send(peerId, encodeMessage(message));
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      () => invitation?.markReachable(true),
      (error: unknown) => {
        if (isPeerOfflineError(error)) invitation?.markReachable(false);
      },
    );
  }

  function rememberEnded(key: string): void {
    endedCalleeKeys.delete(key);
    endedCalleeKeys.set(key, performance.now() + endedRetentionMs);
    for (const [oldest, expiresAt] of endedCalleeKeys) {
      if (endedCalleeKeys.size <= maxEndedCalleeKeys && expiresAt > performance.now()) break;
      endedCalleeKeys.delete(oldest);
    }
  }

  function hasEnded(key: string): boolean {
    const expiresAt = endedCalleeKeys.get(key);
    if (expiresAt === undefined) return false;
    if (expiresAt > performance.now()) return true;
    endedCalleeKeys.delete(key);
    return false;
  }

  const callerHost: CallerHost = {
    timeouts,
    transmit: (invitation, message) => transmit(invitation.calleeId, message, invitation),
    settled: (invitation) => callerInvitations.delete(invitation.id),
  };

  const calleeHost: CalleeHost = {
    timeouts,
    transmit: (invitation, message) => transmit(invitation.callerId, message, invitation),
    settled: (invitation) => {
      const key = calleeKey(invitation.callerId, invitation.id);
      if (calleeInvitations.get(key) === invitation) calleeInvitations.delete(key);
      rememberEnded(key);
    },
  };

  function routeToCaller(from: string, message: CalleeMessage): void {
    const invitation = callerInvitations.get(message.id);
    if (!invitation || invitation.calleeId !== from) {
      dropped++;
      return;
    }
    switch (message.type) {
      case 'receipt':
        return invitation.receiveReceipt();
      case 'accept':
        return invitation.receiveAcceptance(message.response);
      case 'refuse':
        return invitation.receiveRefusal(message.response);
      case 'cancel-ack':
        return invitation.receiveCancelAcknowledgement();
    }
  }

  function routeToCallee(from: string, message: CallerMessage): void {
    const key = calleeKey(from, message.id);
    const invitation = calleeInvitations.get(key);
    if (!invitation) {
      if (message.type === 'invite') {
        if (hasEnded(key) || calleeInvitations.size >= maxIncomingInvitations) {
          dropped++;
          return;
        }
        const ringing = new CalleeInvitation(calleeHost, message.id, from, message.content, message.channelId);
        calleeInvitations.set(key, ringing);
        ringing.start();
        callbacks.emitSoon('remoteInvitationReceived', ringing);
        return;
      }
      if (message.type === 'cancel') {
        rememberEnded(key);
        return transmit(from, { type: 'cancel-ack', id: message.id, device: BASELINE_DEVICE, to: message.device });
      }
      if (message.type === 'expire') rememberEnded(key);
      dropped++;
      return;
    }
    switch (message.type) {
      case 'invite':
        return invitation.receiveInvite();
      case 'cancel':
        return invitation.receiveCancel();
      case 'confirm':
        return invitation.receiveConfirmation();
      case 'expire':
        return invitation.receiveExpiry();
      case 'refusal-ack':
        return invitation.receiveRefusalAcknowledgement();
    }
  }

  const stopListening = transport.onMessage((from, data) => {
    if (closed) return;
    if (!isValidUserId(from)) {
      dropped++;
      return;
    }
    const decoded = decodeMessage(data);
    if (!decoded.ok) {
      dropped++;
      return;
    }
    if (isCallerMessage(decoded.message)) routeToCallee(from, decoded.message);
    else routeToCaller(from, decoded.message);
  });

  return {
    userId,
    createLocalInvitation(calleeId, invitationOptions = {}) {
      if (closed) throw new Error(`The hand-written kit of ${userId} is closed`);
      const invitation = new CallerInvitation(
        callerHost,
        createInvitationId(),
        calleeId,
        invitationOptions.content ?? '',
        invitationOptions.channelId ?? '',
      );
      callerInvitations.set(invitation.id, invitation);
      return invitation;
    },
    on(event, handler) {
      return callbacks.on(event, handler);
    },
    stats() {
      return { liveLocalInvitations: callerInvitations.size, liveRemoteInvitations: calleeInvitations.size, dropped };
    },
    close() {
      if (!closed) {
        closed = true;
        stopListening();
        for (const invitation of callerInvitations.values()) invitation.closeKit();
        for (const invitation of calleeInvitations.values()) invitation.closeKit();
        callerInvitations.clear();
        calleeInvitations.clear();
        endedCalleeKeys.clear();
      }
      return transport.close();
    },
  };
}
