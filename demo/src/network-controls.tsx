import { useEffect, useState } from 'react';
import type { MemoryNetwork, MemoryNetworkStats } from '../../adapters/memory.js';

/** The in-page network's faults as the sliders hold them. */
export interface NetworkConditions {
  /** Upper bound of the one-way delay; each copy takes between half of it and all of it. */
  readonly latencyMs: number;
  /** Percentage of messages lost. */
  readonly lossPercent: number;
}

/** What the page starts with: enough delay to watch the states go by. */
export const INITIAL_CONDITIONS: NetworkConditions = { latencyMs: 300, lossPercent: 0 };

/** Applies the sliders to the network. */
export function applyConditions(network: MemoryNetwork, conditions: NetworkConditions): void {
  network.setConditions({
    latency: { minMs: conditions.latencyMs / 2, maxMs: conditions.latencyMs },
    lossRate: conditions.lossPercent / 100,
  });
}

function useNetworkStats(network: MemoryNetwork): MemoryNetworkStats {
  const [stats, setStats] = useState(network.stats());
  useEffect(() => {
    const timer = setInterval(() => setStats(network.stats()), 500);
    return () => clearInterval(timer);
  }, [network]);
  return stats;
}

/** Latency and loss of the in-page network, and what it did so far. Per-user online switches sit on the phones. */
export function NetworkControls({ network }: { network: MemoryNetwork }) {
  const [conditions, setConditions] = useState(INITIAL_CONDITIONS);
  const stats = useNetworkStats(network);
  const update = (changes: Partial<NetworkConditions>) => {
    const next = { ...conditions, ...changes };
    applyConditions(network, next);
    setConditions(next);
  };
  return (
    <section className="network" aria-label="Network controls">
      <h2>Network</h2>
      <label>
        <span>
          Latency <b>{conditions.latencyMs === 0 ? 'none' : `${conditions.latencyMs / 2}–${conditions.latencyMs} ms`}</b>
        </span>
        <input
          type="range"
          min={0}
          max={4000}
          step={100}
          value={conditions.latencyMs}
          aria-label="Latency"
          onChange={(event) => update({ latencyMs: Number(event.target.value) })}
        />
      </label>
      <label>
        <span>
          Loss <b>{conditions.lossPercent} %</b>
        </span>
        <input
          type="range"
          min={0}
          max={100}
          step={5}
          value={conditions.lossPercent}
          aria-label="Loss"
          onChange={(event) => update({ lossPercent: Number(event.target.value) })}
        />
      </label>
      <p className="stats">
        {stats.sent} sent · {stats.delivered} delivered · {stats.lost} lost · {stats.rejectedOffline} refused (offline)
      </p>
      <details className="recipes">
        <summary>How to see every failure</summary>
        <ul>
          <li>
            <b>PEER_OFFLINE</b>: switch bob off, then call him; wait out the acknowledgement timeout.
          </li>
          <li>
            <b>INVITATION_EXPIRE</b>: call, and let it ring past the answer timeout.
          </li>
          <li>
            <b>ACCEPT_FAILURE</b>: let it ring, set loss to 100 %, then accept.
          </li>
          <li>
            <b>PEER_NO_RESPONSE</b>: set loss to 100 %, then call.
          </li>
        </ul>
      </details>
    </section>
  );
}
