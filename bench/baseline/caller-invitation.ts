import type { InvitationApiCallError, InvitationTimeouts, LocalInvitationFailureReason } from '../../machines/constants.js';
import type { LocalInvitationEvents } from '../../kit/index.js';
import { MAX_CHANNEL_ID_BYTES, MAX_PAYLOAD_BYTES, isStringWithin, isValidUserId } from '../../protocol/limits.js';
import type { CallerMessage } from '../../protocol/messages.js';
import { Callbacks } from './callbacks.js';
import { BASELINE_DEVICE } from './baseline-device.js';

type CallerState =
  | 'IDLE'
  | 'SENT_TO_REMOTE'
  | 'RECEIVED_BY_REMOTE'
  | 'CANCELING'
  | 'ACCEPTED_BY_REMOTE'
  | 'REFUSED_BY_REMOTE'
  | 'CANCELED'
  | 'FAILURE';

/** What the caller needs from its kit: the wire, and a way to say it has settled. */
export interface CallerHost {
  readonly timeouts: InvitationTimeouts;
  transmit(invitation: CallerInvitation, message: CallerMessage): void;
  settled(invitation: CallerInvitation): void;
}

/**
 * The caller's side of one invitation, by hand: a state string, a switch per
 * event, and two timer slots (the phase deadline and the re-send interval).
 * Same messages, same timers and same callbacks as the caller's chart.
 */
export class CallerInvitation {
  readonly id: string;
  readonly calleeId: string;
  readonly content: string;
  readonly channelId: string;
  state: CallerState = 'IDLE';
  response = '';
  failureReason: LocalInvitationFailureReason | undefined;
  peerUnreachable = false;
  readonly #host: CallerHost;
  readonly #callbacks = new Callbacks<LocalInvitationEvents>();
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #resend: ReturnType<typeof setInterval> | undefined;

  constructor(host: CallerHost, id: string, calleeId: string, content: string, channelId: string) {
    this.#host = host;
    this.id = id;
    this.calleeId = calleeId;
    this.content = content;
    this.channelId = channelId;
  }

  on<E extends keyof LocalInvitationEvents>(event: E, handler: LocalInvitationEvents[E]): () => void {
    return this.#callbacks.on(event, handler);
  }

  send(): InvitationApiCallError {
    if (this.state !== 'IDLE') return this.#hasEnded() ? 'ALREADY_END' : 'ALREADY_SENT';
    if (
      !isValidUserId(this.calleeId) ||
      !isStringWithin(this.content, MAX_PAYLOAD_BYTES) ||
      !isStringWithin(this.channelId, MAX_CHANNEL_ID_BYTES)
    ) {
      return 'INVALID_ARGUMENT';
    }
    this.state = 'SENT_TO_REMOTE';
    this.#sendInvite();
    this.#repeat(() => this.#sendInvite());
    this.#expireAfter(this.#host.timeouts.acknowledgeMs, () =>
      this.#fail(this.peerUnreachable ? 'PEER_OFFLINE' : 'PEER_NO_RESPONSE', true),
    );
    return 'OK';
  }

  cancel(): InvitationApiCallError {
    switch (this.state) {
      case 'IDLE':
        return 'NOT_STARTED';
      case 'SENT_TO_REMOTE':
      case 'RECEIVED_BY_REMOTE':
        this.state = 'CANCELING';
        this.#sendCancel();
        this.#repeat(() => this.#sendCancel());
        this.#expireAfter(this.#host.timeouts.confirmMs, () => this.#endCanceled());
        return 'OK';
      case 'CANCELING':
        return 'OK';
      default:
        return 'ALREADY_END';
    }
  }

  receiveReceipt(): void {
    switch (this.state) {
      case 'SENT_TO_REMOTE':
        this.state = 'RECEIVED_BY_REMOTE';
        this.#stopTimers();
        this.#callbacks.emitSoon('receivedByPeer');
        this.#expireAfter(this.#host.timeouts.answerMs, () => this.#fail('INVITATION_EXPIRE', true));
        return;
      case 'CANCELED':
        return this.#sendCancel();
      case 'FAILURE':
        return this.#sendExpiry();
      default:
        return;
    }
  }

  receiveAcceptance(response: string): void {
    switch (this.state) {
      case 'SENT_TO_REMOTE':
        // The receipt was lost or overtaken: the answer itself proves delivery.
        this.#callbacks.emitSoon('receivedByPeer');
      // falls through
      case 'RECEIVED_BY_REMOTE':
        this.state = 'ACCEPTED_BY_REMOTE';
        this.response = response;
        this.#stopTimers();
        this.#sendConfirmation();
        this.#callbacks.emitSoon('accepted', response);
        return this.#linger();
      case 'ACCEPTED_BY_REMOTE':
        return this.#sendConfirmation();
      case 'CANCELING':
      case 'CANCELED':
        return this.#sendCancel();
      case 'FAILURE':
        return this.#sendExpiry();
      default:
        return;
    }
  }

  receiveRefusal(response: string): void {
    switch (this.state) {
      case 'SENT_TO_REMOTE':
        this.#callbacks.emitSoon('receivedByPeer');
      // falls through
      case 'RECEIVED_BY_REMOTE':
      case 'CANCELING':
        this.state = 'REFUSED_BY_REMOTE';
        this.response = response;
        this.#stopTimers();
        this.#sendRefusalAcknowledgement();
        this.#callbacks.emitSoon('refused', response, '');
        return this.#linger();
      case 'REFUSED_BY_REMOTE':
        return this.#sendRefusalAcknowledgement();
      default:
        return;
    }
  }

  receiveCancelAcknowledgement(): void {
    if (this.state === 'CANCELING') this.#endCanceled();
  }

  markReachable(reachable: boolean): void {
    this.peerUnreachable = !reachable;
  }

  /** The kit is closing: end with NOT_LOGGEDIN, telling the callee if it was invited. */
  closeKit(): void {
    if (this.#hasEnded()) return this.#stopTimers();
    const wasSent = this.state !== 'IDLE';
    this.#fail('NOT_LOGGEDIN', wasSent);
    this.#stopTimers();
  }

  #hasEnded(): boolean {
    return (
      this.state === 'ACCEPTED_BY_REMOTE' ||
      this.state === 'REFUSED_BY_REMOTE' ||
      this.state === 'CANCELED' ||
      this.state === 'FAILURE'
    );
  }

  #endCanceled(): void {
    this.state = 'CANCELED';
    this.#stopTimers();
    this.#callbacks.emitSoon('canceled');
    this.#linger();
  }

  #fail(reason: LocalInvitationFailureReason, tellCallee: boolean): void {
    this.state = 'FAILURE';
    this.failureReason = reason;
    this.#stopTimers();
    if (tellCallee) this.#sendExpiry();
    this.#callbacks.emitSoon('failure', reason);
    this.#linger();
  }

  #linger(): void {
    this.#expireAfter(this.#host.timeouts.lingerMs, () => this.#host.settled(this));
  }

  #expireAfter(delayMs: number, onExpiry: () => void): void {
    clearTimeout(this.#deadline);
    this.#deadline = setTimeout(onExpiry, delayMs);
  }

  #repeat(action: () => void): void {
    clearInterval(this.#resend);
    this.#resend = setInterval(action, this.#host.timeouts.resendMs);
  }

  #stopTimers(): void {
    clearTimeout(this.#deadline);
    clearInterval(this.#resend);
    this.#deadline = undefined;
    this.#resend = undefined;
  }

  #sendInvite(): void {
    this.#host.transmit(this, { type: 'invite', id: this.id, device: BASELINE_DEVICE, content: this.content, channelId: this.channelId });
  }

  #sendCancel(): void {
    this.#host.transmit(this, { type: 'cancel', id: this.id, device: BASELINE_DEVICE, content: this.content, reason: '' });
  }

  #sendConfirmation(): void {
    this.#host.transmit(this, { type: 'confirm', id: this.id, device: BASELINE_DEVICE, to: BASELINE_DEVICE });
  }

  #sendExpiry(): void {
    this.#host.transmit(this, { type: 'expire', id: this.id, device: BASELINE_DEVICE });
  }

  #sendRefusalAcknowledgement(): void {
    this.#host.transmit(this, { type: 'refusal-ack', id: this.id, device: BASELINE_DEVICE, to: BASELINE_DEVICE });
  }
}
