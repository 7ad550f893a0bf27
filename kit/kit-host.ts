import type { CallerMessage } from '../protocol/messages.js';
import type { AdmissionRefusal, InvitationAdmission } from './admission.js';
import type { LocalInvitation, LocalInvitationActor } from './local-invitation.js';
import type { ResolvedCallKitOptions } from './options.js';
import type { RemoteInvitation, RemoteInvitationActor } from './remote-invitation.js';

/**
 * @internal What a kit lends an extension (call-invitation/persistence): its
 * settings, its invitations and the few operations the extension builds on.
 * Internal: the layout may change with any release.
 */
export interface KitHost {
  /** The kit's options, validated and with their defaults: what the kit itself runs with. */
  readonly options: ResolvedCallKitOptions;
  readonly localInvitations: ReadonlyMap<string, LocalInvitation>;
  readonly remoteInvitations: ReadonlyMap<string, RemoteInvitation>;
  /** Callee side: ended invitations (by `remoteKey`) and when this device may forget them (`Date.now()`). */
  readonly endedRemoteKeys: Map<string, number>;
  readonly admission: InvitationAdmission;
  /** Wires an unstarted caller actor to the kit; the caller starts it. */
  adoptLocal(actor: LocalInvitationActor): LocalInvitation;
  /** Wires an unstarted callee actor to the kit under `key`, already admitted; the caller starts it. */
  adoptRemote(actor: RemoteInvitationActor, from: string, key: string): RemoteInvitation;
  /** Starts a callee chart for an invite, as if it had come over the wire, or says why not. */
  startRemoteInvitation(
    from: string,
    message: Extract<CallerMessage, { type: 'invite' }>,
    answerWindowMs?: number,
  ): RemoteInvitation | 'ended-invitation' | AdmissionRefusal;
  /** Stops everything; with `sayGoodbye` the pending invitations first end NOT_LOGGEDIN. Idempotent. */
  shutDown(sayGoodbye: boolean): Promise<void>;
}

/**
 * @internal What an extension hands back: hooks the kit calls, and methods
 * added to the kit (they replace the kit's own of the same name).
 */
export interface KitExtension<Methods extends object> {
  readonly methods: Methods;
  /**
   * A chart was wired to the kit (created or arrived; already in the kit's maps), before it
   * starts. Not called for charts wired during `extend` itself.
   */
  adopted(actor: LocalInvitationActor | RemoteInvitationActor): void;
}
