// Both flows of docs/persistence-and-push.md, end to end, on the in-memory network:
// a call to an offline phone goes out by push, the phone rings, its app is killed while it rings,
// comes back from its saved snapshot, and answers.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createMemoryNetwork } from 'call-invitation/adapters/memory';
import { createPersistentCallKit } from 'call-invitation/persistence';
import { fileStore } from './persistence/node-stores.mjs';

const network = createMemoryNetwork();
// Stands in for the app's server and APNs/FCM: what alice's kit asks to push, as JSON.
const pushes = [];

const alice = createPersistentCallKit({
  userId: 'alice',
  transport: network.connect('alice'),
  onPeerOffline: ({ payload }) => {
    console.log(`alice: bob is offline, push the ${payload.kind} (answer within ${Math.round(payload.answerWithinMs / 1000)} s)`);
    pushes.push(JSON.stringify(payload));
  },
});
const call = alice.createLocalInvitation('bob', { content: '{"video":true}', channelId: 'room-1' });
call.on('receivedByPeer', () => console.log('alice: ringing at bob'));
call.on('accepted', (response) => console.log(`alice: accepted, "${response}"`));
call.send();
await sleep(50);

// Bob's phone is woken by the push; its app starts a kit and hands it the payload.
const directory = await mkdtemp(join(tmpdir(), 'call-invitation-'));
const store = fileStore(join(directory, 'bob.json'));
let bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), persist: store });
bob.on('remoteInvitationReceived', (invitation) => console.log(`bob: ${invitation.callerId} is calling`));
console.log('bob: push →', bob.receivePushedInvitation(JSON.parse(pushes.shift())).status);
await sleep(50);

// The system kills bob's app while it rings; the kit had saved after every change.
await bob.suspend();
console.log('bob: app killed');
await sleep(200);

bob = createPersistentCallKit({ userId: 'bob', transport: network.connect('bob'), persist: store, restore: await store.load() });
const [ringing] = bob.restored.remote;
console.log(`bob: restored, ${ringing.state}`);
ringing.on('accepted', () => console.log('bob: connected, join', ringing.channelId));
ringing.accept('on my way');
await sleep(50);

await Promise.all([alice.close(), bob.close()]);
await rm(directory, { recursive: true, force: true });
