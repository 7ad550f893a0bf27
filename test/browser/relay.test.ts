import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SCREENSHOTS, newestCallOf, phoneOf, useDemoSession, waitForState } from './demo-browser.js';

const demo = useDemoSession();

/** Two browser contexts (two "devices"), one user each, over the demo server's WebSocket relay. */
async function openCaller(name: string, extra = ''): Promise<{ alice: Page; bob: Page; caller: string; callee: string }> {
  const caller = `alice-${name}`;
  const callee = `bob-${name}`;
  const alice = await demo.session.open(await demo.session.newContext(), `/?transport=relay&user=${caller}&peers=${callee}${extra}`);
  const bob = await demo.session.open(await demo.session.newContext(), `/?transport=relay&user=${callee}&peers=${caller}${extra}`);
  return { alice, bob, caller, callee };
}

async function callAndWaitForRinging({ alice, bob, caller, callee }: Awaited<ReturnType<typeof openCaller>>) {
  await phoneOf(alice, caller).getByRole('button', { name: `Call ${callee}` }).click();
  await waitForState(newestCallOf(bob, callee), 'INVITATION_RECEIVED');
  await waitForState(newestCallOf(alice, caller), 'RECEIVED_BY_REMOTE');
}

// Generous: two busy cores may run other suites and browsers at the same time.
describe('the demo over the WebSocket relay, one user per browser context', { timeout: 60_000 }, () => {
  it('connects a call the callee accepts: both pages show it accepted', async () => {
    const users = await openCaller('accept');
    await callAndWaitForRinging(users);
    await phoneOf(users.bob, users.callee).getByRole('button', { name: 'Accept', exact: true }).click();

    const callerText = await waitForState(newestCallOf(users.alice, users.caller), 'ACCEPTED_BY_REMOTE');
    const calleeText = await waitForState(newestCallOf(users.bob, users.callee), 'ACCEPTED');
    expect(callerText).toContain(`${users.callee} accepted “On my way” (ACCEPTED_BY_REMOTE)`);
    expect(calleeText).toContain(`You accepted “On my way” and ${users.caller} confirmed (ACCEPTED)`);
    // The callbacks the app saw, in order, on each side.
    await expect(users.alice.locator('.inspector [data-side=caller] .call-log').innerText()).resolves.toMatch(
      /send\(\) → OK[\s\S]*receivedByPeer\(\)[\s\S]*accepted\("On my way"\)/,
    );
    await expect(users.bob.locator('.inspector [data-side=callee] .call-log').innerText()).resolves.toMatch(
      /remoteInvitationReceived\(\)[\s\S]*accept\("On my way"\) → OK[\s\S]*accepted\(\)/,
    );
    await users.alice.screenshot({ path: join(SCREENSHOTS, 'relay-accepted-caller.png'), animations: 'disabled' });
    await users.bob.screenshot({ path: join(SCREENSHOTS, 'relay-accepted-callee.png'), animations: 'disabled' });
  });

  it('ends a refused call on both pages with the callee’s response', async () => {
    const users = await openCaller('refuse');
    await callAndWaitForRinging(users);
    const bobsCall = newestCallOf(users.bob, users.callee);
    await bobsCall.getByRole('textbox', { name: 'Response' }).fill('In a meeting');
    await bobsCall.getByRole('button', { name: 'Refuse', exact: true }).click();

    const callerText = await waitForState(newestCallOf(users.alice, users.caller), 'REFUSED_BY_REMOTE');
    const calleeText = await waitForState(bobsCall, 'REFUSED');
    expect(callerText).toContain(`${users.callee} refused “In a meeting” (REFUSED_BY_REMOTE)`);
    expect(calleeText).toContain('You refused “In a meeting” (REFUSED)');
  });

  it('stops the ringing on the callee’s page when the caller cancels', async () => {
    const users = await openCaller('cancel');
    await callAndWaitForRinging(users);
    await newestCallOf(users.alice, users.caller).getByRole('button', { name: 'Cancel', exact: true }).click();

    const calleeText = await waitForState(newestCallOf(users.bob, users.callee), 'CANCELED');
    const callerText = await waitForState(newestCallOf(users.alice, users.caller), 'CANCELED');
    expect(calleeText).toContain(`${users.caller} hung up before you answered (CANCELED)`);
    expect(callerText).toContain(`You canceled before ${users.callee} answered (CANCELED)`);
    expect(await newestCallOf(users.bob, users.callee).getByRole('button', { name: 'Accept', exact: true }).count()).toBe(0);
  });

  it('expires an unanswered call on both pages once the answer timeout passes', async () => {
    const users = await openCaller('unanswered', '&answerMs=3000');
    await phoneOf(users.alice, users.caller).getByRole('button', { name: `Call ${users.callee}` }).click();
    // Not waiting to see it ring: on a loaded machine the short answer window may be over by then.

    const callerText = await waitForState(newestCallOf(users.alice, users.caller), 'FAILURE');
    const calleeText = await waitForState(newestCallOf(users.bob, users.callee), 'FAILURE');
    expect(callerText).toContain(`Nobody picked up: it rang at ${users.callee} for 3 s (INVITATION_EXPIRE)`);
    expect(calleeText).toContain(`Missed call: nobody answered within 3 s, or ${users.caller} gave up (INVITATION_EXPIRE)`);
    await expect(users.alice.locator('.inspector [data-side=caller] .call-log').innerText()).resolves.toMatch(
      /receivedByPeer\(\)[\s\S]*failure\(INVITATION_EXPIRE\)/,
    );
    await users.bob.screenshot({ path: join(SCREENSHOTS, 'relay-expired-callee.png'), animations: 'disabled' });
  });
});
