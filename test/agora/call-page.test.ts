/**
 * The "swap the import" promise of docs/migrating-from-agora-rtm.md: the call
 * code of a web page written for agora-rtm-sdk 1.x runs with only its import
 * changed. examples/agora-call-page.mjs is that page (kept identical to the
 * guide), importing `call-invitation/agora` by its package name as an app
 * does, so it runs against the built package: `npm test` builds first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAgoraCompatibleClient, type RtmClient } from '../../agora/index.js';
import { createMemoryNetwork } from '../../adapters/memory.js';
import type { RelayServer } from '../../adapters/websocket-server/index.js';
import { waitFor } from '../adapters/waiting.js';
import { connectClient, startRelay } from '../adapters/websocket-harness.js';

const guide = readFileSync(new URL('../../docs/migrating-from-agora-rtm.md', import.meta.url), 'utf8');
const pageSource = readFileSync(new URL('../../examples/agora-call-page.mjs', import.meta.url), 'utf8');

const AGORA_IMPORT = "import AgoraRTM from 'agora-rtm-sdk';";
const FACADE_IMPORT = "import AgoraRTM from 'call-invitation/agora';";

function codeBlockAfter(text: string, marker: string): string {
  const start = text.indexOf(marker);
  if (start < 0) throw new Error(`the guide has no ${marker}`);
  const fenced = /```[a-z]*\n([\s\S]*?)```/.exec(text.slice(start));
  if (!fenced?.[1]) throw new Error(`the guide has no code block after ${marker}`);
  return fenced[1];
}

/** What the page's `ui` object was asked to do, and the buttons a ringing call offers. */
interface RecordingUi {
  readonly log: string[];
  readonly ui: {
    ring(callerId: string, content: unknown, actions: IncomingActions): void;
    show(text: string): void;
    join(channel: string): void;
  };
}

interface IncomingActions {
  answer(): void;
  decline(why: string): void;
}

interface CallPage {
  call(calleeId: string, channel: string): void;
  hangUp(): void;
  isRinging(): boolean;
}

type CreateCallPage = (client: RtmClient, ui: RecordingUi['ui']) => CallPage;

function recordingUi(who: string, onRing: (actions: IncomingActions) => void = () => {}): RecordingUi {
  const log: string[] = [];
  return {
    log,
    ui: {
      ring(callerId, content, actions) {
        log.push(`${who} rings: ${callerId} ${JSON.stringify(content)}`);
        onRing(actions);
      },
      show: (text) => log.push(`${who} shows: ${text}`),
      join: (channel) => log.push(`${who} joins ${channel}`),
    },
  };
}

async function loadPage(): Promise<CreateCallPage> {
  expect(existsSync(new URL('../../dist/agora.js', import.meta.url)), 'dist/ is missing: run npm run build').toBe(true);
  // A JavaScript page, as in the guide: typed here by what the test needs of it.
  const pagePath: string = '../../examples/agora-call-page.mjs';
  const page = (await import(pagePath)) as { createCallPage: CreateCallPage };
  return page.createCallPage;
}

describe('the call page of the guide', () => {
  it('is examples/agora-call-page.mjs, verbatim', () => {
    expect(codeBlockAfter(guide, '<!-- agora-call-page')).toBe(pageSource);
  });

  it('differs from the Agora version in the import line only', () => {
    const before = codeBlockAfter(guide, 'Before, the call code of a typical web page');
    expect(before).toContain(AGORA_IMPORT);
    expect(pageSource).toContain(FACADE_IMPORT);
    expect(before.replace(AGORA_IMPORT, FACADE_IMPORT)).toBe(pageSource);
  });
});

describe('the call page over the memory network', () => {
  const clients: RtmClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    vi.useRealTimers();
  });

  async function twoPages(onBobRing: (actions: IncomingActions) => void) {
    const createCallPage = await loadPage();
    vi.useFakeTimers();
    const network = createMemoryNetwork({ latency: { minMs: 1, maxMs: 1 } });
    const alice = createAgoraCompatibleClient({ userId: 'alice', transport: network.connect('alice') });
    const bob = createAgoraCompatibleClient({ userId: 'bob', transport: network.connect('bob') });
    clients.push(alice, bob);
    const aliceUi = recordingUi('alice');
    const bobUi = recordingUi('bob', onBobRing);
    return { alicePage: createCallPage(alice, aliceUi.ui), bobPage: createCallPage(bob, bobUi.ui), aliceUi, bobUi };
  }

  it('connects a call that bob answers: both join the channel', async () => {
    const { alicePage, aliceUi, bobUi } = await twoPages((actions) => actions.answer());
    alicePage.call('bob', 'room-7');
    await vi.advanceTimersByTimeAsync(20);
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: bob answered: on my way', 'alice joins room-7']);
    expect(bobUi.log).toEqual(['bob rings: alice {"video":true}', 'bob joins room-7']);
  });

  it('shows a declined call on both pages', async () => {
    const { alicePage, aliceUi, bobUi } = await twoPages((actions) => actions.decline('in a meeting'));
    alicePage.call('bob', 'room-7');
    await vi.advanceTimersByTimeAsync(20);
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: bob declined: in a meeting']);
    expect(bobUi.log).toEqual(['bob rings: alice {"video":true}', 'bob shows: you declined alice']);
  });

  it('hangs up while ringing: a missed call for bob, then canceled for alice; a second hang-up reports code 3', async () => {
    const { alicePage, aliceUi, bobUi } = await twoPages(() => {});
    alicePage.call('bob', 'room-7');
    await vi.advanceTimersByTimeAsync(20);
    expect(alicePage.isRinging()).toBe(true);
    alicePage.hangUp();
    await vi.advanceTimersByTimeAsync(20);
    alicePage.hangUp();
    expect(aliceUi.log).toEqual([
      'alice shows: ringing bob',
      'alice shows: call canceled',
      'alice shows: nothing to hang up (CANCELED, code 3)',
    ]);
    expect(bobUi.log).toEqual(['bob rings: alice {"video":true}', 'bob shows: missed call from alice {"video":true}']);
  });

  /** Alice's page, and bob's page open on two devices: his phone and his laptop. */
  async function bobOnTwoDevices(onPhoneRing: (actions: IncomingActions) => void) {
    const createCallPage = await loadPage();
    vi.useFakeTimers();
    const network = createMemoryNetwork({ latency: { minMs: 1, maxMs: 1 } });
    const alice = createAgoraCompatibleClient({ userId: 'alice', transport: network.connect('alice') });
    const phone = createAgoraCompatibleClient({ userId: 'bob', deviceId: 'phone', transport: network.connect('bob') });
    const laptop = createAgoraCompatibleClient({ userId: 'bob', deviceId: 'laptop', transport: network.connect('bob') });
    clients.push(alice, phone, laptop);
    const aliceUi = recordingUi('alice');
    const phoneUi = recordingUi('phone', onPhoneRing);
    const laptopUi = recordingUi('laptop');
    createCallPage(phone, phoneUi.ui);
    createCallPage(laptop, laptopUi.ui);
    return { alicePage: createCallPage(alice, aliceUi.ui), aliceUi, phoneUi, laptopUi };
  }

  it('bob answers on his phone: the laptop stops ringing through its failure handler and does not join', async () => {
    const { alicePage, aliceUi, phoneUi, laptopUi } = await bobOnTwoDevices((actions) => actions.answer());
    alicePage.call('bob', 'room-7');
    await vi.advanceTimersByTimeAsync(20);
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: bob answered: on my way', 'alice joins room-7']);
    expect(phoneUi.log).toEqual(['phone rings: alice {"video":true}', 'phone joins room-7']);
    expect(laptopUi.log).toEqual([
      'laptop rings: alice {"video":true}',
      'laptop shows: call from alice failed: ANSWERED_ELSEWHERE',
    ]);
  });

  it('bob declines on his phone: the laptop stops ringing with REFUSED_ELSEWHERE', async () => {
    const { alicePage, aliceUi, phoneUi, laptopUi } = await bobOnTwoDevices((actions) => actions.decline('in a meeting'));
    alicePage.call('bob', 'room-7');
    await vi.advanceTimersByTimeAsync(20);
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: bob declined: in a meeting']);
    expect(phoneUi.log).toEqual(['phone rings: alice {"video":true}', 'phone shows: you declined alice']);
    expect(laptopUi.log).toEqual([
      'laptop rings: alice {"video":true}',
      'laptop shows: call from alice failed: REFUSED_ELSEWHERE',
    ]);
  });

  it('shows an offline callee after 30 s', async () => {
    const { alicePage, aliceUi } = await twoPages(() => {});
    alicePage.call('carol', 'room-7');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(aliceUi.log).toEqual(['alice shows: carol is offline']);
  });
});

describe('the call page over the WebSocket relay', () => {
  let relay: RelayServer | undefined;
  const clients: RtmClient[] = [];
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
    await relay?.close();
    relay = undefined;
  });

  async function twoPagesOnTheRelay(onBobRing: (actions: IncomingActions) => void) {
    const createCallPage = await loadPage();
    relay = await startRelay();
    const alice = createAgoraCompatibleClient({ userId: 'alice', transport: await connectClient(relay, 'alice') });
    const bob = createAgoraCompatibleClient({ userId: 'bob', transport: await connectClient(relay, 'bob') });
    clients.push(alice, bob);
    const aliceUi = recordingUi('alice');
    const bobUi = recordingUi('bob', onBobRing);
    return { alicePage: createCallPage(alice, aliceUi.ui), bobPage: createCallPage(bob, bobUi.ui), aliceUi, bobUi };
  }

  it('connects a call that bob answers: both join the channel', async () => {
    const { alicePage, aliceUi, bobUi } = await twoPagesOnTheRelay((actions) => actions.answer());
    alicePage.call('bob', 'room-7');
    await waitFor(() => aliceUi.log.length === 3 && bobUi.log.length === 2, 'both pages have joined');
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: bob answered: on my way', 'alice joins room-7']);
    expect(bobUi.log).toEqual(['bob rings: alice {"video":true}', 'bob joins room-7']);
  });

  it('shows a declined call on both pages', async () => {
    const { alicePage, aliceUi, bobUi } = await twoPagesOnTheRelay((actions) => actions.decline('in a meeting'));
    alicePage.call('bob', 'room-7');
    await waitFor(() => aliceUi.log.length === 2 && bobUi.log.length === 2, 'both pages show the refusal');
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: bob declined: in a meeting']);
    expect(bobUi.log).toEqual(['bob rings: alice {"video":true}', 'bob shows: you declined alice']);
  });

  it('hangs up while ringing: a missed call for bob, then canceled for alice', async () => {
    const { alicePage, aliceUi, bobUi } = await twoPagesOnTheRelay(() => {});
    alicePage.call('bob', 'room-7');
    await waitFor(() => alicePage.isRinging(), 'it rings at bob');
    alicePage.hangUp();
    await waitFor(() => aliceUi.log.length === 2 && bobUi.log.length === 2, 'both pages show the cancel');
    expect(aliceUi.log).toEqual(['alice shows: ringing bob', 'alice shows: call canceled']);
    expect(bobUi.log).toEqual(['bob rings: alice {"video":true}', 'bob shows: missed call from alice {"video":true}']);
  });
});
