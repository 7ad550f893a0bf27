/** Turns raw results into the rows of the summary table, each with its target and verdict. */
import type { Percentiles } from '../items/handshake-latency.js';
import type { Spread } from '../lib/statistics.js';
import { AGORA_RTM_SDK_REFERENCE, type BenchResults, type TargetCheck } from '../results.js';

const KILOBYTE = 1024;
const PAIR_BUDGET_BYTES = 10 * KILOBYTE;

export const formatCount = (value: number) => Math.round(value).toLocaleString('en-US');
export const formatBytes = (value: number) =>
  Math.abs(value) >= KILOBYTE * KILOBYTE
    ? `${(value / KILOBYTE / KILOBYTE).toFixed(1)} MB`
    : Math.abs(value) >= 10 * KILOBYTE
      ? `${(value / KILOBYTE).toFixed(1)} KB`
      : `${formatCount(value)} B`;
const formatMs = (value: number) => `${value < 10 ? value.toFixed(2) : value.toFixed(0)} ms`;
const formatRatio = (value: number) => `${value.toFixed(2)}×`;
const percentiles = ({ p50, p99 }: Percentiles) => `p50 ${formatMs(p50)}, p99 ${formatMs(p99)}`;
/** A median with its 95% confidence interval and range, e.g. `3,640/s (95% CI 3,101–3,968; range 3,092–4,224)`. */
export const formatSpread = (value: Spread, format: (value: number) => string) =>
  `${format(value.median)} (95% CI ${format(value.low)}–${format(value.high)}; range ${format(value.min)}–${format(value.max)})`;
/** The target per hop: what the kit adds between a frame arriving and its answer leaving, at p50. */
export const HOP_BUDGET_MICROSECONDS = 50;

export function checkTargets(results: Omit<BenchResults, 'checks'>): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const throughput = results.lifecycleThroughput;
  const perSecond = (value: number) => `${formatCount(value)}/s`;
  checks.push({
    item: '1',
    figure: `accepted lifecycles per second (in-memory, zero latency; median of ${throughput.rounds} alternating rounds)`,
    measured: formatSpread(throughput.spread.statecharts, perSecond),
    reference: `hand-written ${formatSpread(throughput.spread['hand-written'], perSecond)}`,
    ratio: formatSpread(throughput.ratioSpread, formatRatio),
    target: '≥ 0.5× hand-written',
    met: throughput.ratioSpread.median >= 0.5,
  });
  const instructions = results.lifecycleInstructions;
  const kitInstructions = instructions?.instructionsPerLifecycle.statecharts;
  const baselineInstructions = instructions?.instructionsPerLifecycle['hand-written'];
  if (instructions && kitInstructions && baselineInstructions && instructions.ratio !== undefined) {
    const runs = (values: readonly number[]) => values.map(formatCount).join(' and ');
    checks.push({
      item: '1',
      figure: 'instructions per accepted lifecycle (callgrind; the ratio is throughput where only the CPU counts)',
      measured: `${runs(kitInstructions)} (${kitInstructions.length} runs)`,
      reference: `hand-written ${runs(baselineInstructions)}`,
      ratio: `${formatRatio(instructions.ratio)} (runs differ by ≤ ${(instructions.repeatability * 100).toFixed(1)}%)`,
      target: '≥ 0.5× hand-written',
      met: instructions.ratio >= 0.5,
    });
  }

  const ringing = results.ringingMemory.statecharts;
  const ringingBaseline = results.ringingMemory.handWritten;
  checks.push({
    item: '2',
    figure: `heap per ringing invitation pair (${formatCount(ringing.invitations)} at once)`,
    measured: formatBytes(ringing.heapBytesPerPair),
    reference: `hand-written ${formatBytes(ringingBaseline.heapBytesPerPair)}`,
    ratio: formatRatio(ringing.heapBytesPerPair / ringingBaseline.heapBytesPerPair),
    target: '< 10 KB per pair',
    met: ringing.heapBytesPerPair < PAIR_BUDGET_BYTES,
  });
  checks.push({
    item: '2',
    figure: `time to get ${formatCount(ringing.invitations)} invitations ringing`,
    measured: `${(ringing.createAllMs / 1000).toFixed(1)} s (${formatCount(ringing.invitationsPerSecond)}/s)`,
    reference: `hand-written ${(ringingBaseline.createAllMs / 1000).toFixed(1)} s`,
    ratio: formatRatio(ringing.createAllMs / ringingBaseline.createAllMs),
    target: 'report only',
    met: ringing.liveWhileRinging === 2 * ringing.invitations,
  });
  const ended = Object.values(ringing.outcomes).reduce((sum, count) => sum + count, 0) - ringing.outcomes.other;
  const ringingGrowth = ringing.heapRingingBytes - ringing.heapBeforeBytes;
  const leftAfterEnd = ringing.heapAfterEndBytes - ringing.heapBeforeBytes;
  checks.push({
    item: '2',
    figure: 'all end (half canceled, half expired) and release their memory',
    measured: `${formatCount(ended / 2)} ended on both sides, ${formatCount(ringing.liveAfterEnd)} live; heap +${formatBytes(leftAfterEnd)} after end`,
    reference: `+${formatBytes(ringingGrowth)} while ringing`,
    ratio: formatRatio(leftAfterEnd / ringingGrowth),
    target: 'all end; heap back near start',
    met: ended === 2 * ringing.invitations && ringing.liveAfterEnd === 0 && leftAfterEnd < 0.02 * ringingGrowth,
  });
  const growth = results.lifecycleGrowth;
  checks.push({
    item: '2',
    figure: `heap growth over ${formatCount(growth.totalLifecycles)} completed lifecycles (${growth.batches} batches)`,
    measured: `${growth.growthBytes >= 0 ? '+' : ''}${formatBytes(growth.growthBytes)} (${growth.growthBytesPerLifecycle} B per lifecycle)`,
    reference: `heap after batch ${growth.referenceBatch}: ${formatBytes(growth.heapAfterBatchBytes[growth.referenceBatch - 1] ?? 0)}`,
    ratio: '—',
    target: 'no growth (< 10 B per lifecycle once steady)',
    met: growth.growthBytesPerLifecycle < 10,
  });

  const million = results.growthMillion;
  if (million) {
    checks.push({
      item: '2',
      figure: `heap growth over ${formatCount(million.totalLifecycles)} completed lifecycles (${million.batches} batches, \`npm run bench:growth\`)`,
      measured: `${million.growthBytes >= 0 ? '+' : ''}${formatBytes(million.growthBytes)} (${million.growthBytesPerLifecycle} B per lifecycle)`,
      reference: `heap after batch ${million.referenceBatch}: ${formatBytes(million.heapAfterBatchBytes[million.referenceBatch - 1] ?? 0)}`,
      ratio: '—',
      target: 'no growth (< 10 B per lifecycle once steady)',
      met: million.growthBytesPerLifecycle < 10,
    });
  }

  for (const hop of results.hopLatency) {
    checks.push({
      item: '3',
      figure: `${hop.transport}: one hop through the caller's kit (accept received → confirm handed to the transport)`,
      measured: `p50 ${hop.receiveToSend.p50} µs, p90 ${hop.receiveToSend.p90} µs`,
      reference: `with inspection p50 ${hop.inspectedReceiveToSend.p50} µs`,
      ratio: '—',
      target: `≤ ${HOP_BUDGET_MICROSECONDS} µs added per hop at p50`,
      met: hop.receiveToSend.p50 <= HOP_BUDGET_MICROSECONDS,
    });
  }

  for (const latency of results.handshakeLatency) {
    // MQTT's raw round trip carries a ~40 ms delay of the broker/client pair (docs/benchmarks.md §3): say so where the verdict is read.
    const caveat = latency.transport === 'mqtt' ? ' (slow reference, see §3)' : '';
    const halfRoundTrip = { p50: latency.roundTripMs.p50 / 2, p99: latency.roundTripMs.p99 / 2 };
    checks.push({
      item: '3',
      figure: `${latency.transport}: accept() → caller's accepted${caveat}`,
      measured: `${percentiles(latency.callerAcceptedMs)}; p50 95% CI ${formatMs(latency.spread.caller.low)}–${formatMs(latency.spread.caller.high)}`,
      reference: `½ round trip: ${percentiles(halfRoundTrip)}`,
      ratio: `${formatRatio(latency.callerOverMinimum.p50)} / ${formatRatio(latency.callerOverMinimum.p99)}`,
      target: '≤ 1.2× at p50 and p99',
      met: latency.callerOverMinimum.p50 <= 1.2 && latency.callerOverMinimum.p99 <= 1.2,
    });
    checks.push({
      item: '3',
      figure: `${latency.transport}: accept() → callee's accepted${caveat}`,
      measured: `${percentiles(latency.calleeAcceptedMs)}; p50 95% CI ${formatMs(latency.spread.callee.low)}–${formatMs(latency.spread.callee.high)}`,
      reference: `round trip: ${percentiles(latency.roundTripMs)}; p50 95% CI ${formatMs(latency.spread.roundTrip.low)}–${formatMs(latency.spread.roundTrip.high)}`,
      ratio: `${formatRatio(latency.calleeOverMinimum.p50)} / ${formatRatio(latency.calleeOverMinimum.p99)}`,
      target: '≤ 1.2× at p50 and p99',
      met: latency.calleeOverMinimum.p50 <= 1.2 && latency.calleeOverMinimum.p99 <= 1.2,
    });
  }

  for (const scale of results.brokerScale) {
    checks.push({
      item: '4',
      figure: `${scale.broker}: ${formatCount(scale.users)} users on ${scale.workers} processes, ${formatCount(scale.invitations)} invitations`,
      measured: `${formatCount(scale.invitationsPerSecond)}/s; callee accepted p99 ${formatMs(scale.calleeAcceptedMs.p99)}`,
      reference: `${scale.lost} lost, ${scale.disagreeing} disagreeing`,
      ratio: '—',
      target: 'zero lost or disagreeing',
      met: scale.lost === 0 && scale.disagreeing === 0,
    });
  }

  const bundle = results.bundleSize;
  checks.push({
    item: '5',
    figure: 'browser bundle: kit + charts + WebSocket and BroadcastChannel adapters + XState, min + gzip',
    measured: `${formatBytes(bundle.kitWithBrowserTransports.gzippedBytes)} (${formatBytes(bundle.kitWithBrowserTransports.minifiedBytes)} min)`,
    reference: `agora-rtm-sdk 1.6.0: ${formatBytes(AGORA_RTM_SDK_REFERENCE.gzippedBytes)} (quoted)`,
    ratio: formatRatio(bundle.kitWithBrowserTransports.gzippedBytes / AGORA_RTM_SDK_REFERENCE.gzippedBytes),
    target: '< 20 KB gzipped',
    met: bundle.kitWithBrowserTransports.gzippedBytes < bundle.budgetBytes,
  });
  return checks;
}

/** A plain-text table for the terminal. */
export function formatTable(results: BenchResults): string {
  const header = ['#', 'figure', 'measured', 'reference', 'ratio', 'target', 'met'];
  const rows = results.checks.map((check) => [
    check.item,
    check.figure,
    check.measured,
    check.reference,
    check.ratio,
    check.target,
    check.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((_, column) => Math.max(...[header, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}
