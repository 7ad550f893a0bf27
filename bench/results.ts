/** The shape of bench/results.json: every figure docs/benchmarks.md shows comes from here. */
import type { ActorFootprintResult } from './items/actor-footprint.js';
import type { ActorSystemResult } from './items/actor-system.js';
import type { HopLatencyResult } from './items/hop-latency.js';
import type { LifecycleInstructionsResult } from './items/lifecycle-instructions.js';
import type { LifecycleProfileResult } from './items/lifecycle-profile.js';
import type { BrokerScaleResult } from './items/broker-scale.js';
import type { BundleSizeResult } from './items/bundle-size.js';
import type { HandshakeLatencyResult } from './items/handshake-latency.js';
import type { LifecycleGrowthResult } from './items/lifecycle-growth.js';
import type { LifecycleThroughputResult } from './items/lifecycle-throughput.js';
import type { RingingMemoryResult } from './items/ringing-memory.js';

export interface MachineDescription {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly node: string;
  readonly platform: string;
  readonly totalMemoryGigabytes: number;
  /** The 1-minute load average when the run started: other processes share the cores. */
  readonly loadAverageAtStart: number;
}

/** An item measured again after the run, into the stored results. */
export interface ItemUpdate {
  readonly item: string;
  readonly at: string;
  readonly loadAverageAtStart: number;
  readonly durationSeconds: number;
}

/** One line of the summary table. */
export interface TargetCheck {
  readonly item: string;
  readonly figure: string;
  readonly measured: string;
  readonly reference: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean;
}

export interface BenchResults {
  readonly generatedAt: string;
  readonly durationSeconds: number;
  readonly machine: MachineDescription;
  readonly lifecycleThroughput: LifecycleThroughputResult;
  /** Undefined when valgrind is not installed. */
  readonly lifecycleInstructions: LifecycleInstructionsResult | undefined;
  /** Where item 1's time goes (CPU profile); absent from runs before it existed. */
  readonly lifecycleProfile?: LifecycleProfileResult | undefined;
  /** Items measured again after the run (`npm run bench -- update <item>…`), newest last. */
  readonly updates?: readonly ItemUpdate[] | undefined;
  readonly hopLatency: readonly HopLatencyResult[];
  readonly actorSystem: ActorSystemResult;
  /** bench/changes.json (`npm run bench:changes`), when present. */
  readonly changes: ChangesResult | undefined;
  /** bench/growth-million.json (`npm run bench:growth`), when present. */
  readonly growthMillion: LifecycleGrowthResult | undefined;
  readonly ringingMemory: { readonly statecharts: RingingMemoryResult; readonly handWritten: RingingMemoryResult };
  readonly actorFootprint: ActorFootprintResult;
  readonly lifecycleGrowth: LifecycleGrowthResult;
  readonly handshakeLatency: readonly HandshakeLatencyResult[];
  readonly brokerScale: readonly BrokerScaleResult[];
  readonly bundleSize: BundleSizeResult;
  readonly checks: readonly TargetCheck[];
}

/** One variant of `npm run bench:changes`: main plus one change to the kit, or all of them. */
export interface ChangeVariant {
  readonly name: string;
  readonly label: string;
  readonly instructionsPerLifecycle: number;
  readonly heapBytesPerPair: number;
}

/** The shape of bench/changes.json. */
export interface ChangesResult {
  readonly generatedAt: string;
  readonly base: string;
  readonly head: string;
  readonly variants: readonly ChangeVariant[];
}

/** agora-rtm-sdk 1.6.0 as quoted in issue 7 (not installed here, so not measured in this run). */
export const AGORA_RTM_SDK_REFERENCE = { minifiedBytes: 688 * 1024, gzippedBytes: 171 * 1024 } as const;
