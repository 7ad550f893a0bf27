import { describe, expect, it } from 'vitest';
import { MAX_PAYLOAD_BYTES } from '../../index.js';
import { call, settle, useCallHarnesses } from '../support/call-harness.js';
import { recordIncoming } from '../support/faulty-transport.js';

const harnesses = useCallHarnesses();

const bytes = (count: number) => 'a'.repeat(count);
// '€' is three bytes of UTF-8: 2731 of them plus 'ab' are 8195 bytes in 2733 characters.
const euros = (count: number) => '€'.repeat(count);

describe('INVALID_ARGUMENT on send', () => {
  it.each([
    ['content of 8193 bytes', { content: bytes(8193) }],
    ['content of 8193 bytes in multi-byte characters', { content: `${euros(2731)}ab` }],
    ['a channelId of 65 bytes', { channelId: bytes(65) }],
    ['a channelId of 22 three-byte characters (66 bytes)', { channelId: euros(22) }],
  ])('refuses %s, sends nothing and stays IDLE', async (_, details) => {
    const harness = harnesses.create();
    const frames = recordIncoming(harness.network.connect('watcher'));
    const invitation = harness.alice.createLocalInvitation('watcher', details);
    expect(invitation.send()).toBe('INVALID_ARGUMENT');
    expect(invitation.state).toBe('IDLE');
    await settle(5);
    expect(frames).toEqual([]);
    expect(harness.network.stats().sent).toBe(0);
  });

  it.each([
    ['an empty callee id', ''],
    ['a callee id of 65 bytes', bytes(65)],
  ])('refuses %s', (_, calleeId) => {
    const harness = harnesses.create();
    const invitation = harness.alice.createLocalInvitation(calleeId);
    expect(invitation.send()).toBe('INVALID_ARGUMENT');
    expect(invitation.state).toBe('IDLE');
  });

  it('sends once the app fixes the content', () => {
    const harness = harnesses.create();
    const invitation = harness.alice.createLocalInvitation('bob', { content: bytes(MAX_PAYLOAD_BYTES + 1) });
    expect(invitation.send()).toBe('INVALID_ARGUMENT');
    invitation.content = bytes(MAX_PAYLOAD_BYTES);
    expect(invitation.send()).toBe('OK');
  });

  it('carries payloads at exactly the limits, byte for byte', async () => {
    const harness = harnesses.create({ onIncoming: (remote) => remote.accept(`${euros(2730)}ab`) });
    const content = `${'😀'.repeat(2047)}abcd`; // 8192 bytes with four-byte characters
    const channelId = `${euros(21)}a`; // 64 bytes
    const invitation = call(harness, { content, channelId });
    await settle(10);
    const remote = harness.incoming[0]!;
    expect(remote.content).toBe(content);
    expect(remote.channelId).toBe(channelId);
    expect(invitation.response).toBe(`${euros(2730)}ab`);
  });

  it('ignores content and channelId changes once sent', () => {
    const harness = harnesses.create();
    const invitation = call(harness, { content: 'original' });
    invitation.content = 'changed';
    expect(invitation.content).toBe('original');
  });
});

describe('INVALID_ARGUMENT on accept and refuse', () => {
  it('refuses a response over 8192 bytes and leaves the invitation ringing', async () => {
    const harness = harnesses.create();
    call(harness);
    await settle(5);
    const remote = harness.incoming[0]!;
    expect(remote.accept(bytes(8193))).toBe('INVALID_ARGUMENT');
    expect(remote.refuse(bytes(8193))).toBe('INVALID_ARGUMENT');
    remote.response = bytes(8193);
    expect(remote.accept()).toBe('INVALID_ARGUMENT');
    expect(remote.state).toBe('INVITATION_RECEIVED');
    expect(remote.refuse('fine')).toBe('OK');
  });
});
