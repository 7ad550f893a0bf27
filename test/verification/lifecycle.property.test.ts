/**
 * Whole-system properties over the in-memory network with fault injection:
 * invariants 1, 2, 3, 5 (transfer), 6 and 8 of docs/invariants.md.
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import {
  agreementProperty,
  closeMidwayProperty,
  deliveredOrderProperty,
  isolationProperty,
  lossyAgreementProperty,
  oneEndingProperty,
  racesProperty,
  payloadTransferProperty,
  resourcesProperty,
  terminationProperty,
} from './lifecycle-properties.js';
import { propertyParameters } from './run-settings.js';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
});

describe('every invitation ends (invariant 1)', () => {
  it('ends once on each side within the bounds, under delay, duplicates, loss, outages and silent peers', async () => {
    await fc.assert(terminationProperty(), propertyParameters(60));
  });
});

describe('one ending, in the chart’s order (invariant 2)', () => {
  it('never fires a second terminal callback or one out of order, whatever the network does', async () => {
    await fc.assert(oneEndingProperty(), propertyParameters(60));
  });

  it('fires the callee’s canceled before the caller’s when the network delivers', async () => {
    await fc.assert(deliveredOrderProperty(), propertyParameters(60));
  });
});

describe('both sides agree on a connected call (invariant 3)', () => {
  it('caller ACCEPTED_BY_REMOTE ⇔ callee ACCEPTED on a network that delivers', async () => {
    await fc.assert(agreementProperty(), propertyParameters(80));
  });

  it('under loss, disagrees only as caller accepted / callee ACCEPT_FAILURE', async () => {
    await fc.assert(lossyAgreementProperty(), propertyParameters(60));
  });
});

describe('races between cancel, accept, refuse, expiry and the network (invariants 1–3)', () => {
  it('ends once per side, in the chart’s order, and agrees, in every order fast-check’s scheduler picks', async () => {
    await fc.assert(racesProperty(), propertyParameters(100));
  });
});

describe('payloads arrive as sent (invariant 5)', () => {
  it('delivers content, channelId and response unchanged in any script', async () => {
    await fc.assert(payloadTransferProperty(), propertyParameters(40));
  });
});

describe('invitations are isolated (invariant 6)', () => {
  it('a call in a crowd looks exactly as it does alone', async () => {
    await fc.assert(isolationProperty(), propertyParameters(30));
  });
});

describe('nothing is left behind (invariant 8)', () => {
  it('stops every ended invitation’s actor and leaves no timer after close', async () => {
    await fc.assert(resourcesProperty(), propertyParameters(40));
  });

  it('leaves no actor and no timer when the kits close in the middle of calls', async () => {
    await fc.assert(closeMidwayProperty(), propertyParameters(40));
  });
});
