import { copyFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, newestCallOf, phoneOf, useDemoSession, waitForState } from './demo-browser.js';

const demo = useDemoSession();

// Generous: two busy cores may run other suites and browsers at the same time.
describe('the demo with three phones on one page, over the in-page network', { timeout: 60_000 }, () => {
  it('connects a call and highlights each side’s current state in its chart', async () => {
    const page = await demo.session.open(await demo.session.newContext(), '/');
    await phoneOf(page, 'alice').getByRole('button', { name: 'Call bob' }).click();
    await waitForState(newestCallOf(page, 'bob'), 'INVITATION_RECEIVED');
    await expect(page.locator('.inspector [data-side=callee] .chart .active').first().getAttribute('id')).resolves.toBe(
      'state-remoteInvitation.INVITATION_RECEIVED',
    );

    // The in-page network's latency varies, so an accept sent at once can overtake the receipt, and the caller
    // then goes from SENT_TO_REMOTE straight to ACCEPTED_BY_REMOTE. Accept once the receipt is in.
    await waitForState(newestCallOf(page, 'alice'), 'RECEIVED_BY_REMOTE');
    await newestCallOf(page, 'bob').getByRole('button', { name: 'Accept', exact: true }).click();
    await waitForState(newestCallOf(page, 'alice'), 'ACCEPTED_BY_REMOTE');
    await phoneOf(page, 'bob').locator('.call-card[data-state=ACCEPTED]', { hasText: 'Connected with alice' }).waitFor();
    const callerChart = page.locator('.inspector [data-side=caller] .chart');
    const calleeChart = page.locator('.inspector [data-side=callee] .chart');
    await expect(callerChart.getAttribute('data-active')).resolves.toMatch(/^state-localInvitation\.ACCEPTED_BY_REMOTE\b/);
    await expect(calleeChart.getAttribute('data-active')).resolves.toMatch(/^state-remoteInvitation\.ACCEPTED\b/);
    expect(await callerChart.locator('[id="state-localInvitation.ACCEPTED_BY_REMOTE"]').getAttribute('class')).toContain('active');
    expect(await callerChart.locator('[id="state-localInvitation.RECEIVED_BY_REMOTE"]').getAttribute('class')).toContain('visited');
  });

  it('brings a ringing call back after "reload this phone", and it connects', async () => {
    const page = await demo.session.open(await demo.session.newContext(), '/');
    await phoneOf(page, 'alice').getByRole('button', { name: 'Call bob' }).click();
    await waitForState(newestCallOf(page, 'bob'), 'INVITATION_RECEIVED');

    await page.getByRole('button', { name: 'Reload bob' }).click();
    // The new kit restored it from sessionStorage: the same call, still ringing, with the restore in its log.
    await phoneOf(page, 'bob').locator('.call-card[data-state=INVITATION_RECEIVED]', { hasText: 'alice is calling' }).waitFor();
    expect(await phoneOf(page, 'bob').locator('.call-card').count()).toBe(1);

    await newestCallOf(page, 'bob').getByRole('button', { name: 'Accept', exact: true }).click();
    await waitForState(newestCallOf(page, 'alice'), 'ACCEPTED_BY_REMOTE');
    await phoneOf(page, 'bob').locator('.call-card[data-state=ACCEPTED]', { hasText: 'Connected with alice' }).waitFor();
  });

  it('fails a call to a phone taken offline with PEER_OFFLINE, in words', async () => {
    const page = await demo.session.open(await demo.session.newContext(), '/?acknowledgeMs=1500');
    await page.getByRole('checkbox', { name: 'carol online' }).uncheck();
    await phoneOf(page, 'alice').getByRole('button', { name: 'Call carol' }).click();

    const text = await waitForState(newestCallOf(page, 'alice'), 'FAILURE');
    expect(text).toContain('No answer: carol’s phone was unreachable for 1.5 s (PEER_OFFLINE)');
    expect(await phoneOf(page, 'carol').locator('.call-card').count()).toBe(0);
    await expect(page.locator('.inspector [data-side=caller] .call-log').innerText()).resolves.toContain('failure(PEER_OFFLINE)');
  });

  it('rings two calls to one phone side by side and ends each on its own', async () => {
    const page = await demo.session.open(await demo.session.newContext(), '/');
    await phoneOf(page, 'carol').getByRole('button', { name: 'Call bob' }).click();
    await phoneOf(page, 'alice').getByRole('button', { name: 'Call bob' }).click();
    const bobsCalls = phoneOf(page, 'bob').locator('.call-card[data-state=INVITATION_RECEIVED]');
    await bobsCalls.nth(1).waitFor();
    expect(await bobsCalls.count()).toBe(2);

    // Bob takes alice's call and declines carol's; the network decides which of them rang first.
    await bobsCalls.filter({ hasText: 'alice is calling' }).getByRole('button', { name: 'Accept', exact: true }).click();
    await waitForState(newestCallOf(page, 'alice'), 'ACCEPTED_BY_REMOTE');
    const carolsCallAtBob = bobsCalls.filter({ hasText: 'carol is calling' });
    await carolsCallAtBob.getByRole('textbox', { name: 'Response' }).fill('On another call');
    await carolsCallAtBob.getByRole('button', { name: 'Refuse', exact: true }).click();
    const carolsText = await waitForState(newestCallOf(page, 'carol'), 'REFUSED_BY_REMOTE');
    expect(carolsText).toContain('bob refused “On another call” (REFUSED_BY_REMOTE)');
    await phoneOf(page, 'bob').locator('.call-card[data-state=ACCEPTED]', { hasText: 'Connected with alice' }).waitFor();

    // For the README: a connected call, a refused one, and one ringing, with both charts of the ringing one.
    await phoneOf(page, 'carol').getByRole('button', { name: 'Call alice' }).click();
    await waitForState(newestCallOf(page, 'carol'), 'RECEIVED_BY_REMOTE');
    const screenshot = join(SCREENSHOTS, 'in-page-three-phones.png');
    await page.screenshot({ path: screenshot, fullPage: true, animations: 'disabled' });
    if (process.env['UPDATE_README_SCREENSHOT'] === '1') {
      await mkdir(join(process.cwd(), 'docs', 'screenshots'), { recursive: true });
      await copyFile(screenshot, join(process.cwd(), 'docs', 'screenshots', 'demo.png'));
    }
  });
});
