/** Item 5: minified + gzipped browser bundle (kit + WebSocket + BroadcastChannel), and what XState contributes to it. */
import { runAsItem } from '../lib/child-process.js';
import {
  BROWSER_BUNDLE_BUDGET_BYTES,
  KIT_WITH_BROWSER_TRANSPORTS_ENTRY,
  KIT_WITH_WEBSOCKET_ENTRY,
  XSTATE_FLOOR_ENTRY,
  XSTATE_RUNTIME_ENTRY,
  measureBundle,
  type BundleSize,
} from '../lib/bundle-size.js';

export interface BundleSizeResult {
  readonly kitWithBrowserTransports: BundleSize;
  readonly kitWithWebSocket: BundleSize;
  readonly xstateAlone: BundleSize;
  /** `createMachine` + `createActor` alone: what any XState 5 app ships. */
  readonly xstateFloor: BundleSize;
  readonly packageCodeWithoutXState: BundleSize;
  readonly budgetBytes: number;
}

runAsItem(async (): Promise<BundleSizeResult> => ({
  kitWithBrowserTransports: await measureBundle(KIT_WITH_BROWSER_TRANSPORTS_ENTRY),
  kitWithWebSocket: await measureBundle(KIT_WITH_WEBSOCKET_ENTRY),
  xstateAlone: await measureBundle(XSTATE_RUNTIME_ENTRY),
  xstateFloor: await measureBundle(XSTATE_FLOOR_ENTRY),
  packageCodeWithoutXState: await measureBundle(KIT_WITH_BROWSER_TRANSPORTS_ENTRY, ['xstate']),
  budgetBytes: BROWSER_BUNDLE_BUDGET_BYTES,
}));
