import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, newestCallOf, phoneOf, useDemoSession, waitForState } from './demo-browser.js';

const demo = useDemoSession();

// Generous: two busy cores may run other suites and browsers at the same time.
describe('the demo over BroadcastChannel, one user per tab', { timeout: 60_000 }, () => {
  it('connects a call between two tabs of one browser with no relay involved', async () => {
    // Tabs of one context share an origin, hence one BroadcastChannel.
    const context = await demo.session.newContext();
    const alice = await demo.session.open(context, '/?transport=broadcast&user=alice&peers=bob');
    const bob = await demo.session.open(context, '/?transport=broadcast&user=bob&peers=alice');

    await phoneOf(alice, 'alice').getByRole('button', { name: 'Call bob' }).click();
    await waitForState(newestCallOf(bob, 'bob'), 'INVITATION_RECEIVED');
    await newestCallOf(bob, 'bob').getByRole('button', { name: 'Accept', exact: true }).click();

    const callerText = await waitForState(newestCallOf(alice, 'alice'), 'ACCEPTED_BY_REMOTE');
    const calleeText = await waitForState(newestCallOf(bob, 'bob'), 'ACCEPTED');
    expect(callerText).toContain('bob accepted “On my way” (ACCEPTED_BY_REMOTE)');
    expect(calleeText).toContain('You accepted “On my way” and alice confirmed (ACCEPTED)');
    expect(demo.session.server.relay.isConnected('alice')).toBe(false);
    await alice.screenshot({ path: join(SCREENSHOTS, 'broadcast-accepted-caller.png'), animations: 'disabled' });
  });
});
