/**
 * The multi-device part of the transport conformance suite: a user may be
 * connected from several devices at once (a phone and a laptop), each with a
 * transport of its own under the same user id. `send(userId, data)` must
 * reach every one of them; which device answers is the protocol's business,
 * carried in the wire messages, not the transport's.
 */
import { expect, it } from 'vitest';
import type { Transport } from '../../adapters/transport.js';
import { collectMessages, eventually, uniqueUserIds, waitFor } from './waiting.js';

/** Registers the multi-device cases; `connect` is the suite's own, which closes what it opened after each test. */
export function runMultiDeviceConformance(connect: (userId: string) => Promise<Transport>): void {
  it('delivers every message to every connected device of the recipient, in order on each', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const alice = await connect(aliceId);
    const phone = await connect(bobId);
    const laptop = await connect(bobId);
    const onPhone = collectMessages(phone);
    const onLaptop = collectMessages(laptop);
    const sent = Array.from({ length: 10 }, (_, index) => `ring ${index}`);
    await Promise.all(sent.map((data) => alice.send(bobId, data)));
    await waitFor(() => onPhone.length >= sent.length && onLaptop.length >= sent.length, 'both devices receive all 10');
    const expected = sent.map((data) => ({ from: aliceId, data }));
    expect(onPhone).toEqual(expected);
    expect(onLaptop).toEqual(expected);
  });

  it('reaches a device that joins while another device of the user is connected', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const alice = await connect(aliceId);
    const phone = await connect(bobId);
    const onPhone = collectMessages(phone);
    await alice.send(bobId, 'before the laptop');
    // `connect` resolves once the device can receive, and bob was present
    // all along, so the very next send must reach the newcomer too. A
    // newcomer may also get a message that was still in flight when it
    // joined (devices sharing one Redis subscriber do): the protocol
    // tolerates that, it never misses what comes after.
    const laptop = await connect(bobId);
    const onLaptop = collectMessages(laptop);
    await alice.send(bobId, 'after the laptop');
    await waitFor(
      () => onLaptop.some((message) => message.data === 'after the laptop') && onPhone.length === 2,
      'both devices receive the second message',
    );
    expect(onLaptop.at(-1)).toEqual({ from: aliceId, data: 'after the laptop' });
    expect(onPhone).toEqual([
      { from: aliceId, data: 'before the laptop' },
      { from: aliceId, data: 'after the laptop' },
    ]);
  });

  it('lets each device of a user send on its own, stamped with the user, never echoed to its other devices', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const alice = await connect(aliceId);
    const phone = await connect(bobId);
    const laptop = await connect(bobId);
    const toAlice = collectMessages(alice);
    const onPhone = collectMessages(phone);
    const onLaptop = collectMessages(laptop);
    await phone.send(aliceId, 'from the phone');
    await laptop.send(aliceId, 'from the laptop');
    await waitFor(() => toAlice.length === 2, 'alice receives from both devices');
    expect(toAlice).toEqual(
      expect.arrayContaining([
        { from: bobId, data: 'from the phone' },
        { from: bobId, data: 'from the laptop' },
      ]),
    );
    // A message alice sends afterwards is the marker that anything echoed
    // to bob's devices would have arrived by now.
    await alice.send(bobId, 'marker');
    await waitFor(() => onPhone.length > 0 && onLaptop.length > 0, 'the marker reaches both devices');
    expect([onPhone, onLaptop]).toEqual([[{ from: aliceId, data: 'marker' }], [{ from: aliceId, data: 'marker' }]]);
  });

  it('keeps the other devices connected and reachable when one device closes', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const alice = await connect(aliceId);
    const phone = await connect(bobId);
    const laptop = await connect(bobId);
    const onPhone = collectMessages(phone);
    const onLaptop = collectMessages(laptop);
    const toAlice = collectMessages(alice);
    await alice.send(bobId, 'to both');
    await waitFor(() => onPhone.length === 1 && onLaptop.length === 1, 'both devices receive');

    await phone.close();
    // Not PEER_OFFLINE, not even for a moment: the laptop never left.
    await alice.send(bobId, 'to the laptop');
    await laptop.send(aliceId, 'still here');
    await expect(phone.send(aliceId, 'from a closed phone')).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
    await waitFor(() => onLaptop.length === 2 && toAlice.length === 1, 'the laptop receives and sends');
    expect(onLaptop[1]).toEqual({ from: aliceId, data: 'to the laptop' });
    expect(toAlice).toEqual([{ from: bobId, data: 'still here' }]);
    expect(onPhone).toEqual([{ from: aliceId, data: 'to both' }]);
  });

  it('reports PEER_OFFLINE only once the last device of the user has closed', async () => {
    const [aliceId, bobId] = uniqueUserIds('alice', 'bob');
    const alice = await connect(aliceId);
    const phone = await connect(bobId);
    const laptop = await connect(bobId);
    await alice.send(bobId, 'are you there?');
    await laptop.close();
    // Enough sends for a departure still in flight to show, were it taken
    // for the whole user's.
    for (let attempt = 0; attempt < 5; attempt += 1) await alice.send(bobId, `phone only ${attempt}`);
    await phone.close();
    await eventually(async () => {
      await expect(alice.send(bobId, 'gone?')).rejects.toMatchObject({ code: 'PEER_OFFLINE' });
    }, 'alice sees bob offline once both devices left');
  });
}
