import type { InvitationApiCallError, InvitationTimeouts, RemoteInvitationFailureReason } from '../../machines/constants.js';
import type { RemoteInvitationEvents } from '../../kit/index.js';
import { MAX_PAYLOAD_BYTES, isStringWithin } from '../../protocol/limits.js';
import type { CalleeMessage } from '../../protocol/messages.js';
import { Callbacks } from './callbacks.js';
import { BASELINE_DEVICE } from './baseline-device.js';

type CalleeState = 'INVITATION_RECEIVED' | 'ACCEPT_SENT_TO_LOCAL' | 'ACCEPTED' | 'REFUSED' | 'CANCELED' | 'FAILURE';

/** What the callee needs from its kit. */
export interface CalleeHost {
  readonly timeouts: InvitationTimeouts;
  transmit(invitation: CalleeInvitation, message: CalleeMessage): void;
  settled(invitation: CalleeInvitation): void;
}

/** The callee's side of one invitation, by hand; mirrors the callee's chart message for message. */
export class CalleeInvitation {
  readonly id: string;
  readonly callerId: string;
  readonly content: string;
  readonly channelId: string;
  state: CalleeState = 'INVITATION_RECEIVED';
  response = '';
  failureReason: RemoteInvitationFailureReason | undefined;
  peerUnreachable = false;
  readonly #host: CalleeHost;
  readonly #callbacks = new Callbacks<RemoteInvitationEvents>();
  #deadline: ReturnType<typeof setTimeout> | undefined;
  #resend: ReturnType<typeof setInterval> | undefined;

  constructor(host: CalleeHost, id: string, callerId: string, content: string, channelId: string) {
    this.#host = host;
    this.id = id;
    this.callerId = callerId;
    this.content = content;
    this.channelId = channelId;
  }

  /** Starts ringing: acknowledges and arms the answer deadline. */
  start(): void {
    this.#sendReceipt();
    this.#expireAfter(this.#host.timeouts.answerMs, () => this.#fail('INVITATION_EXPIRE'));
  }

  on<E extends keyof RemoteInvitationEvents>(event: E, handler: RemoteInvitationEvents[E]): () => void {
    return this.#callbacks.on(event, handler);
  }

  accept(response?: string): InvitationApiCallError {
    const refusal = this.#answerRefusal();
    if (refusal) return refusal;
    const chosen = response ?? this.response;
    if (!isStringWithin(chosen, MAX_PAYLOAD_BYTES)) return 'INVALID_ARGUMENT';
    this.response = chosen;
    this.state = 'ACCEPT_SENT_TO_LOCAL';
    this.#sendAcceptance();
    this.#repeat(() => this.#sendAcceptance());
    this.#expireAfter(this.#host.timeouts.confirmMs, () =>
      this.#fail(this.peerUnreachable ? 'PEER_OFFLINE' : 'ACCEPT_FAILURE'),
    );
    return 'OK';
  }

  refuse(response?: string): InvitationApiCallError {
    const refusal = this.#answerRefusal();
    if (refusal) return refusal;
    const chosen = response ?? this.response;
    if (!isStringWithin(chosen, MAX_PAYLOAD_BYTES)) return 'INVALID_ARGUMENT';
    this.response = chosen;
    this.state = 'REFUSED';
    this.#stopTimers();
    this.#sendRefusal();
    this.#callbacks.emitSoon('refused');
    // Re-send until the caller acknowledges, and settle after the linger period either way.
    this.#repeat(() => this.#sendRefusal());
    this.#linger();
    return 'OK';
  }

  receiveInvite(): void {
    if (this.state === 'INVITATION_RECEIVED') this.#sendReceipt();
    else if (this.state === 'REFUSED') this.#sendRefusal();
  }

  receiveCancel(): void {
    switch (this.state) {
      case 'INVITATION_RECEIVED':
      case 'ACCEPT_SENT_TO_LOCAL':
        this.state = 'CANCELED';
        this.#stopTimers();
        this.#sendCancelAcknowledgement();
        this.#callbacks.emitSoon('canceled', '');
        return this.#linger();
      case 'REFUSED':
        return this.#sendRefusal();
      case 'CANCELED':
      case 'FAILURE':
        return this.#sendCancelAcknowledgement();
      default:
        return;
    }
  }

  receiveConfirmation(): void {
    if (this.state !== 'ACCEPT_SENT_TO_LOCAL') return;
    this.state = 'ACCEPTED';
    this.#stopTimers();
    this.#callbacks.emitSoon('accepted');
    this.#linger();
  }

  receiveExpiry(): void {
    if (this.state === 'INVITATION_RECEIVED' || this.state === 'ACCEPT_SENT_TO_LOCAL') this.#fail('INVITATION_EXPIRE');
  }

  receiveRefusalAcknowledgement(): void {
    if (this.state === 'REFUSED') {
      clearInterval(this.#resend);
      this.#resend = undefined;
    }
  }

  markReachable(reachable: boolean): void {
    this.peerUnreachable = !reachable;
  }

  closeKit(): void {
    if (this.state === 'INVITATION_RECEIVED' || this.state === 'ACCEPT_SENT_TO_LOCAL') this.#fail('NOT_LOGGEDIN');
    this.#stopTimers();
  }

  #answerRefusal(): InvitationApiCallError | undefined {
    if (this.state === 'INVITATION_RECEIVED') return undefined;
    return this.state === 'ACCEPT_SENT_TO_LOCAL' ? 'ALREADY_ACCEPT' : 'ALREADY_END';
  }

  #fail(reason: RemoteInvitationFailureReason): void {
    this.state = 'FAILURE';
    this.failureReason = reason;
    this.#stopTimers();
    this.#callbacks.emitSoon('failure', reason);
    this.#linger();
  }

  #linger(): void {
    this.#expireAfter(this.#host.timeouts.lingerMs, () => {
      this.#stopTimers();
      this.#host.settled(this);
    });
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

  #sendReceipt(): void {
    this.#host.transmit(this, { type: 'receipt', id: this.id, device: BASELINE_DEVICE, to: BASELINE_DEVICE });
  }

  #sendAcceptance(): void {
    this.#host.transmit(this, { type: 'accept', id: this.id, device: BASELINE_DEVICE, to: BASELINE_DEVICE, response: this.response });
  }

  #sendRefusal(): void {
    this.#host.transmit(this, { type: 'refuse', id: this.id, device: BASELINE_DEVICE, to: BASELINE_DEVICE, response: this.response, reason: '' });
  }

  #sendCancelAcknowledgement(): void {
    this.#host.transmit(this, { type: 'cancel-ack', id: this.id, device: BASELINE_DEVICE, to: BASELINE_DEVICE });
  }
}
