import { useCallback, useMemo, useRef, useState } from 'react';
import { createMemoryNetwork } from '../../adapters/memory.js';
import { GlareControl } from './glare.js';
import { Inspector } from './inspector.js';
import { INITIAL_CONDITIONS, NetworkControls } from './network-controls.js';
import { Phone, type Dial } from './phone.js';
import { demoAddress, readDemoSettings, type DemoSettings } from './settings.js';
import { connectorFor } from './transports.js';

const QUICK_TIMEOUTS = { acknowledgeMs: '8000', answerMs: '15000', confirmMs: '3000' };
/** The page with bob signed in on a phone and a laptop: `?users=` lists him twice. */
const TWO_DEVICES_OF_BOB = 'alice,bob,bob,carol';

const seconds = (milliseconds: number) => `${Number((milliseconds / 1000).toFixed(1))} s`;

/** The demo page: a header, the phones, and the inspector of the selected call. */
export function App() {
  const settings = useMemo(() => readDemoSettings(window.location.search), []);
  const [network] = useState(() =>
    createMemoryNetwork({
      latency: { minMs: INITIAL_CONDITIONS.latencyMs / 2, maxMs: INITIAL_CONDITIONS.latencyMs },
      seed: Date.now() >>> 0,
    }),
  );
  const connect = useMemo(() => connectorFor(settings.transport, network), [settings.transport, network]);
  const [offline, setOffline] = useState<ReadonlySet<string>>(new Set());
  const [selectedCallId, setSelectedCallId] = useState<string>();
  const select = useCallback((id: string) => setSelectedCallId(id), []);
  const inPage = settings.transport === 'memory';
  const dialers = useRef(new Map<string, Dial>());
  const dialReady = useCallback((deviceKey: string, dial: Dial | undefined) => {
    if (dial === undefined) dialers.current.delete(deviceKey);
    else dialers.current.set(deviceKey, dial);
  }, []);

  const toggleOnline = (userId: string) => {
    const next = new Set(offline);
    if (next.delete(userId)) network.reconnect(userId);
    else {
      next.add(userId);
      network.disconnect(userId);
    }
    setOffline(next);
  };

  return (
    <div className={`app mode-${settings.transport}`}>
      <Header settings={settings} />
      <main>
        <div className="phones">
          {settings.devices.map((device) => (
            <Phone
              key={device.key}
              device={device}
              contacts={inPage ? settings.users.filter((other) => other !== device.userId) : settings.peers}
              dialPad={!inPage}
              connect={connect}
              timeouts={settings.timeouts}
              {...(inPage ? { online: { value: !offline.has(device.userId), toggle: () => toggleOnline(device.userId) } } : {})}
              selectedCallId={selectedCallId}
              onSelect={select}
              onDialReady={dialReady}
            />
          ))}
          {inPage ? (
            <div className="side-panels">
              <NetworkControls network={network} />
              <GlareControl devices={settings.devices} dialers={dialers.current} />
            </div>
          ) : (
            <OtherTabs settings={settings} />
          )}
        </div>
        <Inspector callId={selectedCallId} otherSideElsewhere={!inPage} />
      </main>
    </div>
  );
}

function Header({ settings }: { settings: DemoSettings }) {
  const user = settings.users[0] ?? 'alice';
  const twoDevices = settings.devices.some((device) => !device.first);
  const modes = [
    {
      id: 'memory',
      current: settings.transport === 'memory' && !twoDevices,
      label: 'One page, three phones',
      href: demoAddress({ transport: undefined, user: undefined, peers: undefined, users: undefined }),
    },
    {
      id: 'devices',
      current: settings.transport === 'memory' && twoDevices,
      label: 'One page, bob on two devices',
      href: demoAddress({ transport: undefined, user: undefined, peers: undefined, users: TWO_DEVICES_OF_BOB }),
    },
    { id: 'relay', current: settings.transport === 'relay', label: 'One user per tab · WebSocket relay', href: demoAddress({ transport: 'relay', user }) },
    {
      id: 'broadcast',
      current: settings.transport === 'broadcast',
      label: 'One user per tab · BroadcastChannel',
      href: demoAddress({ transport: 'broadcast', user }),
    },
  ] as const;
  const { timeouts } = settings;
  return (
    <header className="top">
      <div className="title">
        <h1>
          <PhoneIcon /> call-invitation
        </h1>
        <p>Call invitations as XState statecharts, over any transport.</p>
      </div>
      <nav className="modes">
        {modes.map((mode) => (
          <a key={mode.id} href={mode.href} className={mode.current ? 'current' : ''}>
            {mode.label}
          </a>
        ))}
      </nav>
      <p className="timeouts">
        Timeouts: acknowledge {seconds(timeouts.acknowledgeMs)} · answer {seconds(timeouts.answerMs)} · confirm{' '}
        {seconds(timeouts.confirmMs)}{' '}
        {settings.shortenedTimeouts ? (
          <a href={demoAddress({ acknowledgeMs: undefined, answerMs: undefined, confirmMs: undefined, resendMs: undefined, lingerMs: undefined })}>
            use Agora’s
          </a>
        ) : (
          <a href={demoAddress(QUICK_TIMEOUTS)}>shorten them</a>
        )}
      </p>
    </header>
  );
}

function OtherTabs({ settings }: { settings: DemoSettings }) {
  const via = settings.transport === 'relay' ? 'the WebSocket relay of the demo server' : 'a BroadcastChannel, with no server';
  const user = settings.users[0] ?? 'alice';
  return (
    <section className="network other-tabs">
      <h2>Other users</h2>
      <p>This tab is one user; messages go through {via}. Open the others in tabs of their own:</p>
      <ul>
        {settings.peers.map((peer) => (
          <li key={peer}>
            <a href={demoAddress({ user: peer, peers: undefined })} target="_blank" rel="noreferrer">
              Open {peer}
            </a>
          </li>
        ))}
      </ul>
      <p>
        A user may be signed in on several devices: every tab of {user} rings when someone calls {user}.{' '}
        <a href={demoAddress({})} target="_blank" rel="noreferrer">
          Open {user} on another device
        </a>
      </p>
    </section>
  );
}

function PhoneIcon() {
  return (
    <svg className="logo" viewBox="0 0 24 24" width="22" height="22" aria-hidden>
      <path
        fill="currentColor"
        d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z"
      />
    </svg>
  );
}
