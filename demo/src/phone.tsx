import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import type { InvitationTimeouts, LocalInvitation } from '../../index.js';
import { useIncomingInvitations } from '../../react/index.js';
import { CallCard } from './call-card.js';
import { callBook } from './call-log.js';
import { useReloadableKit } from './reloadable-kit.js';
import type { DemoDevice } from './settings.js';
import type { ConnectUser } from './transports.js';

/** Places a call from one phone, as its "Call …" buttons do. */
export type Dial = (calleeId: string) => void;

/** How many calls a phone lists; older ones drop off. */
const CALLS_SHOWN = 6;

/** Props of {@link Phone}. */
export interface PhoneProps {
  /** Which user this phone is signed in as, and which of the user's devices it is. */
  readonly device: DemoDevice;
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
  /** Tells the page how to make this phone call someone (the glare button), and `undefined` once it no longer can. */
  readonly onDialReady?: (deviceKey: string, dial: Dial | undefined) => void;
}

/** One user: a call kit, buttons to call others, and the calls it made and received. */
export function Phone({ device, contacts, dialPad, connect, timeouts, online, selectedCallId, onSelect, onDialReady }: PhoneProps) {
  const { userId } = device;
  // A second device is a second kit under the same user id; the transport
  // delivers every message for the user to each of them, and the device id
  // in the protocol's messages tells them apart.
  // "Reload this phone" stops the kit as a killed app would and starts a new one from its saved snapshot.
  const { connection, restored, reload } = useReloadableKit({
    userId,
    connect,
    timeouts,
    storageKey: `call-invitation-demo:${device.key}`,
    ...(device.label === undefined ? {} : { deviceId: device.label }),
  });
  const { kit } = connection;
  const arrived = useIncomingInvitations(kit, { keepEnded: CALLS_SHOWN });
  const incoming = useMemo(() => [...restored.remote, ...arrived], [restored.remote, arrived]);
  const owner = device.label === undefined ? userId : `${userId} · ${device.label}`;
  const [outgoing, setOutgoing] = useState<readonly LocalInvitation[]>([]);
  const [dialed, setDialed] = useState('');

  // After a reload the old invitations are gone with the old kit: the restored ones take their place.
  useEffect(() => {
    if (restored.local.length === 0 && restored.remote.length === 0) return;
    setOutgoing(restored.local);
    for (const invitation of [...restored.local, ...restored.remote]) {
      callBook.track(invitation, owner);
      callBook.noteCall(invitation, 'restored after a reload');
    }
  }, [restored, owner]);

  // Recording starts in the callback, so the log misses nothing that follows the invitation's arrival.
  useEffect(() => {
    if (kit === undefined) return;
    return kit.on('remoteInvitationReceived', (invitation) => {
      callBook.track(invitation, owner);
      onSelect(invitation.id);
    });
  }, [kit, owner, onSelect]);
  // An invitation that arrived before the callback above was registered.
  useEffect(() => {
    for (const invitation of incoming) callBook.track(invitation, owner);
  }, [incoming, owner]);

  const calls = useMemo(() => {
    const all = [...outgoing, ...incoming].map((invitation) => ({
      invitation,
      startedAt: callBook.recordOf(invitation)?.startedAt ?? performance.now(),
    }));
    return all.sort((left, right) => right.startedAt - left.startedAt).slice(0, CALLS_SHOWN);
  }, [outgoing, incoming]);

  const call = (calleeId: string) => {
    if (kit === undefined) return;
    const invitation = kit.createLocalInvitation(calleeId, { content: JSON.stringify({ video: false }) });
    callBook.track(invitation, owner);
    callBook.noteCall(invitation, `send() → ${invitation.send()}`);
    setOutgoing((previous) => [invitation, ...previous].slice(0, CALLS_SHOWN));
    onSelect(invitation.id);
  };

  // The page dials through the latest `call`, so the registration does not
  // churn on every render.
  const latestCall = useRef(call);
  latestCall.current = call;
  useEffect(() => {
    if (kit === undefined || onDialReady === undefined) return;
    onDialReady(device.key, (calleeId) => latestCall.current(calleeId));
    return () => onDialReady(device.key, undefined);
  }, [kit, device.key, onDialReady]);

  const dial = (event: FormEvent) => {
    event.preventDefault();
    const calleeId = dialed.trim();
    if (calleeId !== '') call(calleeId);
  };

  return (
    <section className={`phone${online?.value === false ? ' offline' : ''}`} data-user={userId} data-device={device.key}>
      <header className="phone-header">
        <span className="avatar" aria-hidden>
          {userId.slice(0, 1).toUpperCase()}
        </span>
        <h2>
          {userId}
          {device.label !== undefined && <span className="device-label"> · {device.label}</span>}
        </h2>
        <span className={`status status-${connection.status}`} data-status={connection.status}>
          {connection.status === 'ready' ? (online?.value === false ? 'offline' : 'online') : connection.status}
        </span>
        <button
          type="button"
          className="reload"
          disabled={kit === undefined}
          onClick={reload}
          title="Kill this phone's app and start it again from its saved snapshot"
          aria-label={`Reload ${owner}`}
        >
          ⟳
        </button>
        {online !== undefined && device.first && (
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
