import type { InvitationApiCallError } from '../machines/constants.js';
import { InvitationApiCallErrorCode } from './constants.js';

/**
 * The base of the errors the facade throws, shaped like the web SDK's: an
 * `Error` whose `name` says the kind and whose numeric `code` says the case.
 * Apps written for Agora test `error.name` and `error.code`; both match.
 */
export class RtmError extends Error {
  /** Agora's numeric code, or undefined when Agora has none for this case. */
  readonly code: number | undefined;

  /** @internal Thrown by the facade; apps only catch it. */
  constructor(message: string, code?: number) {
    super(message);
    this.code = code;
  }
}

/**
 * A bad argument: an invalid user or channel id, content or response over
 * 8192 bytes of UTF-8, or a read-only property assigned. `code` is 1
 * (INVITATION_API_CALL_ERR_INVALID_ARGUMENT).
 */
export class RtmInvalidArgumentError extends RtmError {
  /** Always `'RtmInvalidArgumentError'`, as in the web SDK. */
  override readonly name = 'RtmInvalidArgumentError';
}

/**
 * A call at the wrong time in the invitation's lifecycle. `code` is 2
 * (NOT_STARTED), 3 (ALREADY_END), 4 (ALREADY_ACCEPT) or 5 (ALREADY_SENT);
 * `apiCallError` is the same case under the kit's name.
 */
export class RtmInvalidStatusError extends RtmError {
  /** Always `'RtmInvalidStatusError'`, as in the web SDK. */
  override readonly name = 'RtmInvalidStatusError';
  /** The kit's name for the case, e.g. `'ALREADY_END'`. */
  readonly apiCallError: Exclude<InvitationApiCallError, 'OK' | 'INVALID_ARGUMENT'>;

  /** @internal Thrown by the facade; apps only catch it. */
  constructor(message: string, apiCallError: Exclude<InvitationApiCallError, 'OK' | 'INVALID_ARGUMENT'>) {
    super(message, InvitationApiCallErrorCode[`INVITATION_API_CALL_ERR_${apiCallError}`]);
    this.apiCallError = apiCallError;
  }
}

/**
 * A member of Agora's `RtmClient` that the facade does not provide: login,
 * channels, peer messages, presence, attributes and metadata are out of its
 * scope. `feature` names the member or event asked for.
 */
export class RtmUnsupportedError extends RtmError {
  /** Always `'RtmUnsupportedError'` (a name of this package; the web SDK has no such error). */
  override readonly name = 'RtmUnsupportedError';
  /** The member or event the app asked for, e.g. `'login'` or `'MessageFromPeer'`. */
  readonly feature: string;

  /** @internal Thrown by the facade; apps only catch it. */
  constructor(feature: string, hint: string) {
    super(
      `${feature} is not supported by call-invitation/agora, which provides call invitations only ` +
        `(no login, channels, peer messages or presence). ${hint}`,
    );
    this.feature = feature;
  }
}

const WHY: Record<Exclude<InvitationApiCallError, 'OK'>, string> = {
  INVALID_ARGUMENT: 'an argument is invalid (content or response over 8192 bytes of UTF-8, or a bad id)',
  NOT_STARTED: 'the invitation has not been sent',
  ALREADY_END: 'the invitation has already ended',
  ALREADY_ACCEPT: 'the invitation is being accepted',
  ALREADY_SENT: 'the invitation has already been sent',
};

/**
 * Turns the chart's answer to an API call into Agora's behaviour: nothing on
 * OK, else the error the web SDK throws for the same case.
 */
export function throwUnlessOk(answer: InvitationApiCallError, call: string): void {
  if (answer === 'OK') return;
  const message = `${call} failed: ${WHY[answer]}`;
  if (answer === 'INVALID_ARGUMENT') {
    throw new RtmInvalidArgumentError(message, InvitationApiCallErrorCode.INVITATION_API_CALL_ERR_INVALID_ARGUMENT);
  }
  throw new RtmInvalidStatusError(message, answer);
}

/** The error for assigning a property that Agora makes read-only at runtime. */
export function readOnlyPropertyError(property: string, owner: string): RtmInvalidArgumentError {
  return new RtmInvalidArgumentError(
    `Cannot set the "${property}" of the ${owner} instance.`,
    InvitationApiCallErrorCode.INVITATION_API_CALL_ERR_INVALID_ARGUMENT,
  );
}
