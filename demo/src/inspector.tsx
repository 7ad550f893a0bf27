import { useSyncExternalStore } from 'react';
import { CallLog } from './call-card.js';
import { callBook, type CallRecord } from './call-log.js';
import { StateChart } from './state-chart.js';

/** Both sides of the selected call: each one's chart with its live state, next to its callback log. */
export function Inspector({ callId, otherSideElsewhere }: { callId: string | undefined; otherSideElsewhere: boolean }) {
  const pair = useSyncExternalStore(callBook.subscribe, () => (callId === undefined ? undefined : callBook.pairOf(callId)));
  if (pair === undefined) {
    return (
      <section className="inspector empty-inspector">
        <p>Place a call: its statecharts and callbacks show up here.</p>
      </section>
    );
  }
  return (
    <section className="inspector" aria-label="Call inspector">
      <Side title="Caller" record={pair.caller} missing={otherSideElsewhere ? 'The caller is in another tab.' : 'Not on this page.'} />
      <Side
        title="Callee"
        record={pair.callee}
        missing={otherSideElsewhere ? 'The callee’s side is in the other tab.' : 'Not delivered (yet): nothing rings until the invitation arrives.'}
      />
    </section>
  );
}

function Side({ title, record, missing }: { title: string; record: CallRecord | undefined; missing: string }) {
  return (
    <div className="side" data-side={title.toLowerCase()}>
      <h3>
        {title}
        {record !== undefined && <span className="side-owner"> · {record.owner}</span>}
        <span className="side-machine">{title === 'Caller' ? 'localInvitationMachine' : 'remoteInvitationMachine'}</span>
      </h3>
      {record === undefined ? (
        <p className="missing">{missing}</p>
      ) : (
        <div className="side-body">
          <StateChart invitation={record.invitation} visited={record.visited} />
          <CallLog invitation={record.invitation} />
        </div>
      )}
    </div>
  );
}
