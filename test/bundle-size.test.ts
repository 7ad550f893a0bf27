import { describe, expect, it } from 'vitest';
import {
  BROWSER_BUNDLE_CEILING_BYTES,
  KIT_WITH_BROWSER_TRANSPORTS_ENTRY,
  KIT_WITH_WEBSOCKET_ENTRY,
  measureBundle,
} from '../bench/lib/bundle-size.js';

describe('browser bundle size', () => {
  it('keeps kit + charts + WebSocket and BroadcastChannel adapters together, XState included, no larger than its gzipped ceiling (the 20 KB budget is reported, not met, by the benchmark)', async () => {
    const size = await measureBundle(KIT_WITH_BROWSER_TRANSPORTS_ENTRY);
    const withoutBroadcastChannel = await measureBundle(KIT_WITH_WEBSOCKET_ENTRY);
    // The combination really contains the second adapter, so the budget is checked on what it claims to be.
    expect(size.gzippedBytes).toBeGreaterThan(withoutBroadcastChannel.gzippedBytes);
    expect(size.gzippedBytes).toBeLessThan(BROWSER_BUNDLE_CEILING_BYTES);
  });
});
