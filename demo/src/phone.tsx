import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { InvitationTimeouts, LocalInvitation } from '../../index.js';
import { useCallKit, useIncomingInvitations } from '../../react/index.js';
import { CallCard } from './call-card.js';
import { callBook } from './call-log.js';
import type { ConnectUser } from './transports.js';

/** How many calls a phone lists; older ones drop off. */
const CALLS_SHOWN = 6;

/** Props of {@link Phone}. */
export interface PhoneProps {
  readonly userId: string;
  /** Whom this phone offers to call with one click. */
  readonly contacts: readonly string[];
  /** True when the visitor may type any user id to call (one user per tab). */
  readonly dialPad: boolean;
  readonly connect: ConnectUser;
  readonly timeouts: InvitationTimeouts;
  /** The in-page network's online switch for this user; absent on real transports. */
  readonly online?: { readonly value: boolean; readonly toggle: () => void };
  readonly selectedCallId: string | undefined;
  readonly onSelect: (id: string) => void;
}

/** One user: a call kit, buttons to call others, and the calls it made and received. */
export function Phone({ userId, contacts, dialPad, connect, timeouts, online, selectedCallId, onSelect }: PhoneProps) {
  const connection = useCallKit({ userId, connect, timeouts });
  const { kit } = connection;
  const incoming = useIncomingInvitations(kit, { keepEnded: CALLS_SHOWN });
  const [outgoing, setOutgoing] = useState<readonly LocalInvitation[]>([]);
  const [dialed, setDialed] = useState('');

  // Recording starts in the callback, so the log misses nothing that follows the invitation's arrival.
  useEffect(() => {
    if (kit === undefined) return;
    return kit.on('remoteInvitationReceived', (invitation) => {
      callBook.track(invitation, userId);
      onSelect(invitation.id);
    });
  }, [kit, userId, onSelect]);
  // An invitation that arrived before the callback above was registered.
  useEffect(() => {
    for (const invitation of incoming) callBook.track(invitation, userId);
  }, [incoming, userId]);

  const calls = useMemo(() => {
    const all = [...outgoing, ...incoming].map((invitation) => ({
      invitation,
      startedAt: callBook.recordOf(invitation)?.startedAt ?? performance.now(),
    }));
    return all.sort((left, right) => right.startedAt - left.startedAt).slice(0, CALLS_SHOWN);
  }, [outgoing, incoming, userId]);

  const call = (calleeId: string) => {
    if (kit === undefined) return;
    const invitation = kit.createLocalInvitation(calleeId, { content: JSON.stringify({ video: false }) });
    callBook.track(invitation, userId);
    callBook.noteCall(invitation, `send() → ${invitation.send()}`);
    setOutgoing((previous) => [invitation, ...previous].slice(0, CALLS_SHOWN));
    onSelect(invitation.id);
  };

  const dial = (event: FormEvent) => {
    event.preventDefault();
    const calleeId = dialed.trim();
    if (calleeId !== '') call(calleeId);
  };

  return (
    <section className={`phone${online?.value === false ? ' offline' : ''}`} data-user={userId}>
      <header className="phone-header">
        <span className="avatar" aria-hidden>
          {userId.slice(0, 1).toUpperCase()}
        </span>
        <h2>{userId}</h2>
        <span className={`status status-${connection.status}`} data-status={connection.status}>
          {connection.status === 'ready' ? (online?.value === false ? 'offline' : 'online') : connection.status}
        </span>
        {online !== undefined && (
          <label className="switch" title="Take this user off the network">
            <input type="checkbox" checked={online.value} onChange={online.toggle} aria-label={`${userId} online`} />
            <span />
          </label>
        )}
      </header>
      {connection.status === 'failed' && <p className="error">Could not connect: {String(connection.error)}</p>}
      <div className="dial">
        {contacts.map((contact) => (
          <button key={contact} type="button" disabled={kit === undefined} onClick={() => call(contact)}>
            Call {contact}
          </button>
        ))}
        {dialPad && (
          <form onSubmit={dial}>
            <input aria-label="User to call" placeholder="user id" value={dialed} onChange={(event) => setDialed(event.target.value)} />
            <button type="submit" disabled={kit === undefined || dialed.trim() === ''}>
              Call
            </button>
          </form>
        )}
      </div>
      <div className="calls">
        {calls.length === 0 && <p className="empty">No calls yet.</p>}
        {calls.map(({ invitation }) => (
          <CallCard
            key={invitation.id + ('calleeId' in invitation ? ':out' : ':in')}
            invitation={invitation}
            timeouts={timeouts}
            selected={invitation.id === selectedCallId}
            onSelect={onSelect}
          />
        ))}
      </div>
    </section>
  );
}
