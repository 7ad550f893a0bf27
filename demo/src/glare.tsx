import { useState } from 'react';
import type { Dial } from './phone.js';
import type { DemoDevice } from './settings.js';

/**
 * "Glare": two users call each other at the same instant, so each
 * invitation is in flight while the other is. The button places both calls
 * in one click handler, from the first device of the page's first two users.
 */
export function GlareControl({ devices, dialers }: { devices: readonly DemoDevice[]; dialers: ReadonlyMap<string, Dial> }) {
  const [placed, setPlaced] = useState(0);
  const [first, second] = devices.filter((device) => device.first);
  if (first === undefined || second === undefined) return null;
  const glare = () => {
    const fromFirst = dialers.get(first.key);
    const fromSecond = dialers.get(second.key);
    if (fromFirst === undefined || fromSecond === undefined) return;
    fromFirst(second.userId);
    fromSecond(first.userId);
    setPlaced((count) => count + 1);
  };
  return (
    <section className="network glare" aria-label="Glare">
      <h2>Glare</h2>
      <p>
        {first.userId} and {second.userId} call each other at the same instant: each invitation is on the network while
        the other is.
      </p>
      <button type="button" onClick={glare}>
        {first.userId} ⇄ {second.userId}: call each other now
      </button>
      {placed > 0 && <p className="stats">Placed {placed === 1 ? 'one pair' : `${placed} pairs`} of crossing calls.</p>}
    </section>
  );
}
