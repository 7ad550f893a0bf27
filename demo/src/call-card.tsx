import { useState, useSyncExternalStore } from 'react';
import type { InvitationTimeouts, LocalInvitation, RemoteInvitation } from '../../index.js';
import { useInvitation } from '../../react/index.js';
import { callBook } from './call-log.js';
import { storyOf } from './endings.js';

/** Props of {@link CallCard}. */
export interface CallCardProps {
  readonly invitation: LocalInvitation | RemoteInvitation;
  readonly timeouts: InvitationTimeouts;
  /** True when the inspector below shows this call. */
  readonly selected: boolean;
  /** Shows this call in the inspector. */
  readonly onSelect: (id: string) => void;
}

/** One call on a phone: who, what state, why it ended, and the buttons that apply now. */
export function CallCard({ invitation, timeouts, selected, onSelect }: CallCardProps) {
  const view = useInvitation(invitation);
  const outgoing = 'calleeId' in invitation;
  const peer = outgoing ? invitation.calleeId : invitation.callerId;
  const story = storyOf(view, peer, timeouts);
  return (
    <article
      className={`call-card tone-${story.tone}${selected ? ' selected' : ''}`}
      data-call-id={invitation.id}
      data-state={view.state}
      data-direction={outgoing ? 'outgoing' : 'incoming'}
      onClick={() => onSelect(invitation.id)}
    >
      <header>
        <span className="direction" title={outgoing ? 'outgoing call' : 'incoming call'}>
          {outgoing ? '↗' : '↙'}
        </span>
        <span className="headline">{story.headline}</span>
        <code className="state-badge">{view.state}</code>
      </header>
      {story.ending !== undefined && <p className="ending">{story.ending}</p>}
      {outgoing ? <CallerActions invitation={invitation} live={!view.ended} /> : <CalleeActions invitation={invitation} ringing={view.state === 'INVITATION_RECEIVED'} />}
    </article>
  );
}

function CallerActions({ invitation, live }: { invitation: LocalInvitation; live: boolean }) {
  if (!live) return null;
  return (
    <div className="actions">
      <button
        type="button"
        className="danger"
        onClick={(event) => {
          event.stopPropagation();
          callBook.noteCall(invitation, `cancel() → ${invitation.cancel()}`);
        }}
      >
        Cancel
      </button>
    </div>
  );
}

function CalleeActions({ invitation, ringing }: { invitation: RemoteInvitation; ringing: boolean }) {
  const [response, setResponse] = useState('');
  if (!ringing) return null;
  const answer = (verb: 'accept' | 'refuse', fallback: string) => {
    const text = response.trim() === '' ? fallback : response.trim();
    callBook.noteCall(invitation, `${verb}(${JSON.stringify(text)}) → ${invitation[verb](text)}`);
  };
  return (
    <div className="actions" onClick={(event) => event.stopPropagation()}>
      <input
        aria-label="Response"
        placeholder="Response (optional)"
        value={response}
        maxLength={200}
        onChange={(event) => setResponse(event.target.value)}
      />
      <button type="button" className="accept" onClick={() => answer('accept', 'On my way')}>
        Accept
      </button>
      <button type="button" className="danger" onClick={() => answer('refuse', 'Busy right now')}>
        Refuse
      </button>
    </div>
  );
}

/** The callbacks and API calls of one handle, oldest first. */
export function CallLog({ invitation }: { invitation: LocalInvitation | RemoteInvitation }) {
  const record = useSyncExternalStore(callBook.subscribe, () => callBook.recordOf(invitation));
  if (record === undefined) return null;
  return (
    <ol className="call-log">
      {record.log.map((entry, index) => (
        <li key={index} className={`log-${entry.kind}`}>
          <span className="log-time">+{(entry.at / 1000).toFixed(2)} s</span>
          <code>{entry.text}</code>
        </li>
      ))}
    </ol>
  );
}
