import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, newestCallOf, phoneOf, useDemoSession, waitForState } from './demo-browser.js';

const demo = useDemoSession();

/** The phone panel of one device, e.g. `bob/laptop`. */
function deviceOf(page: Page, deviceKey: string): Locator {
  return page.locator(`.phone[data-device="${deviceKey}"]`);
}

/** The newest call card of one direction on a phone. */
function newestOf(phone: Locator, direction: 'incoming' | 'outgoing'): Locator {
  return phone.locator(`.call-card[data-direction=${direction}]`).first();
}

// Generous: two busy cores may run other suites and browsers at the same time.
describe('the demo with a user on two devices, and glare', { timeout: 60_000 }, () => {
  it('rings both of bob’s devices on one page, and connects the one he answers on', async () => {
    const page = await demo.session.open(await demo.session.newContext(), '/?users=alice,bob,bob,carol');
    expect(await page.locator('.phone[data-user=bob]').count()).toBe(2);
    await phoneOf(page, 'alice').getByRole('button', { name: 'Call bob' }).click();
    await waitForState(newestCallOf(page, 'alice'), 'RECEIVED_BY_REMOTE');
    const onPhone = newestOf(deviceOf(page, 'bob/phone'), 'incoming');
    const onLaptop = newestOf(deviceOf(page, 'bob/laptop'), 'incoming');
    await waitForState(onPhone, 'INVITATION_RECEIVED');
    await waitForState(onLaptop, 'INVITATION_RECEIVED');

    await onLaptop.getByRole('button', { name: 'Accept', exact: true }).click();
    await waitForState(newestCallOf(page, 'alice'), 'ACCEPTED_BY_REMOTE');
    await waitForState(onLaptop, 'ACCEPTED');
    // The caller took the laptop's answer: the phone stops ringing, and says why.
    expect(await waitForState(onPhone, 'FAILURE')).toContain('ANSWERED_ELSEWHERE');
    await page.screenshot({ path: join(SCREENSHOTS, 'in-page-two-devices.png'), fullPage: true, animations: 'disabled' });
  });

  it('places two crossing calls with one click on the glare button', async () => {
    const page = await demo.session.open(await demo.session.newContext(), '/');
    await page.getByRole('button', { name: /alice ⇄ bob/ }).click();
    const alicesCall = newestOf(phoneOf(page, 'alice'), 'outgoing');
    const bobsCall = newestOf(phoneOf(page, 'bob'), 'outgoing');
    await alicesCall.waitFor();
    await bobsCall.waitFor();
    expect(await alicesCall.innerText()).toContain('bob');
    expect(await bobsCall.innerText()).toContain('alice');
    // Both were sent by the one click; the in-page network delays each
    // message by 150 ms or more, so the two invitations cross.
    for (const call of [alicesCall, bobsCall]) {
      await call.click();
      await expect(page.locator('.inspector [data-side=caller] .call-log').innerText()).resolves.toContain('send() → OK');
    }
    await page.getByText('Placed one pair of crossing calls.').waitFor();
    // Glare: the call with the lower invitation id goes on ringing, the other is refused as `replaced`
    // on both sides; which of the two wins depends on the random ids, so either order passes.
    const ended = page.locator('.call-card[data-direction=outgoing][data-state=REFUSED_BY_REMOTE]');
    const ringing = page.locator('.call-card[data-direction=outgoing][data-state=RECEIVED_BY_REMOTE]');
    await ended.first().waitFor({ timeout: 20_000 });
    await ringing.first().waitFor({ timeout: 20_000 });
    expect(await ended.count()).toBe(1);
    expect(await ringing.count()).toBe(1);
  });

  // Three pages to load: more patience than the rest.
  it('rings every tab signed in as the callee over the WebSocket relay', { timeout: 120_000 }, async () => {
    const caller = 'alice-devices';
    const callee = 'bob-devices';
    const alice = await demo.session.open(await demo.session.newContext(), `/?transport=relay&user=${caller}&peers=${callee}`);
    const bobsPhone = await demo.session.open(await demo.session.newContext(), `/?transport=relay&user=${callee}&peers=${caller}`);
    const bobsLaptop = await demo.session.open(await demo.session.newContext(), `/?transport=relay&user=${callee}&peers=${caller}`);
    await phoneOf(alice, caller).getByRole('button', { name: `Call ${callee}` }).click();
    await waitForState(newestCallOf(bobsPhone, callee), 'INVITATION_RECEIVED');
    await waitForState(newestCallOf(bobsLaptop, callee), 'INVITATION_RECEIVED');
    await waitForState(newestCallOf(alice, caller), 'RECEIVED_BY_REMOTE');

    await newestCallOf(bobsPhone, callee).getByRole('button', { name: 'Accept', exact: true }).click();
    await waitForState(newestCallOf(alice, caller), 'ACCEPTED_BY_REMOTE');
    await waitForState(newestCallOf(bobsPhone, callee), 'ACCEPTED');
    expect(await waitForState(newestCallOf(bobsLaptop, callee), 'FAILURE')).toContain('ANSWERED_ELSEWHERE');
  });
});
