/** Item 5: minified + gzipped browser bundle, and what XState contributes to it. */
import { runAsItem } from '../lib/child-process.js';
import {
  BROWSER_BUNDLE_BUDGET_BYTES,
  KIT_WITH_WEBSOCKET_ENTRY,
  XSTATE_RUNTIME_ENTRY,
  measureBundle,
  type BundleSize,
} from '../lib/bundle-size.js';

export interface BundleSizeResult {
  readonly kitWithWebSocket: BundleSize;
  readonly xstateAlone: BundleSize;
  readonly packageCodeWithoutXState: BundleSize;
  readonly budgetBytes: number;
}

runAsItem(async (): Promise<BundleSizeResult> => ({
  kitWithWebSocket: await measureBundle(KIT_WITH_WEBSOCKET_ENTRY),
  xstateAlone: await measureBundle(XSTATE_RUNTIME_ENTRY),
  packageCodeWithoutXState: await measureBundle(KIT_WITH_WEBSOCKET_ENTRY, ['xstate']),
  budgetBytes: BROWSER_BUNDLE_BUDGET_BYTES,
}));
