import { createCallKit } from 'call-invitation';
import { createMemoryNetwork } from 'call-invitation/adapters/memory';

const network = createMemoryNetwork({ latency: { minMs: 0, maxMs: 50 }, lossRate: 0, duplicateRate: 0, seed: 1 });
const alice = createCallKit({ userId: 'alice', transport: network.connect('alice') });
const bob = createCallKit({ userId: 'bob', transport: network.connect('bob') });

bob.on('remoteInvitationReceived', (inv) => {
  console.log(`bob: ${inv.callerId} is calling with ${inv.content}`);
  inv.on('accepted', async () => {
    console.log('bob: connected, join', inv.channelId);
    await Promise.all([alice.close(), bob.close()]);
  });
  inv.accept('see you');
});

const inv = alice.createLocalInvitation('bob', { content: '{"video":true}', channelId: 'room-1' });
inv.on('receivedByPeer', () => console.log('alice: ringing at bob'));
inv.on('accepted', (response) => console.log(`alice: accepted, "${response}"`));
console.log('alice: send() →', inv.send());
