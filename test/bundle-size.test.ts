import { describe, expect, it } from 'vitest';
import { BROWSER_BUNDLE_BUDGET_BYTES, KIT_WITH_WEBSOCKET_ENTRY, measureBundle } from '../bench/lib/bundle-size.js';

describe('browser bundle size', () => {
  it('keeps kit + charts + WebSocket adapter, XState included, within the gzipped budget', async () => {
    const size = await measureBundle(KIT_WITH_WEBSOCKET_ENTRY);
    expect(size.gzippedBytes).toBeGreaterThan(0);
    expect(size.gzippedBytes).toBeLessThan(BROWSER_BUNDLE_BUDGET_BYTES);
  });
});
