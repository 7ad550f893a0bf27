/**
 * Replays a run step by step and prints it as a Mermaid sequence diagram:
 * the exact interleaving of API calls, deliveries, losses, timers and time.
 * The same replay backs the regression tests, so a printed counterexample
 * can be pasted into one and must reproduce.
 */
import type { ComposedSystem, Configuration, Effect, Step } from './composition.js';
import { describeMessage } from './composition.js';

export interface Replay {
  readonly final: Configuration;
  /** Every configuration along the run, the initial one first. */
  readonly configurations: readonly Configuration[];
  readonly diagram: string;
}

/** Runs `steps` from the initial configuration; throws if a step is not possible where it is taken. */
export function replay(system: ComposedSystem, steps: readonly Step[]): Replay {
  const names = system.description.endpoints.map((endpoint) => endpoint.name);
  const lines = ['sequenceDiagram', ...names.map((name) => `  participant ${name}`)];
  const everyone = names.length > 1 ? `${names[0]},${names[names.length - 1]}` : names[0]!;
  const maxLatency = system.description.network.maxLatency;
  let configuration = system.initial;
  const configurations = [configuration];
  let now = 0;
  for (const step of steps) {
    const { next, effects } = system.apply(configuration, step);
    switch (step.kind) {
      case 'tick':
        now++;
        lines.push(`  Note over ${everyone}: t=${now}`);
        break;
      case 'call':
        lines.push(`  Note over ${names[step.endpoint]}: app calls ${step.call}()`);
        break;
      case 'timer':
        lines.push(`  Note over ${names[step.endpoint]}: timer ${shortTimer(step.timer)} fires`);
        break;
      case 'replay':
        lines.push(`  Note over ${everyone}: the network replays ${describeMessage(step.envelope.message)} (${names[step.envelope.from]} → ${names[step.envelope.to]})`);
        break;
      case 'lose':
      case 'duplicate':
      case 'deliver': {
        const { from, to, message, remaining } = step.envelope;
        const sentAt = now - (maxLatency - remaining);
        const arrow = step.kind === 'lose' ? '-x' : step.kind === 'duplicate' ? '--)' : '->>';
        const what = step.kind === 'lose' ? 'lost' : step.kind === 'duplicate' ? 'duplicated by the network' : 'delivered';
        lines.push(`  ${names[from]}${arrow}${names[to]}: ${describeMessage(message)} (sent t=${sentAt}, ${what} t=${now})`);
        break;
      }
    }
    for (const effect of effects) {
      const line = describeEffect(effect, names);
      if (line) lines.push(line);
    }
    configuration = next;
    configurations.push(configuration);
  }
  return { final: configuration, configurations, diagram: lines.join('\n') };
}

function describeEffect(effect: Effect, names: readonly string[]): string | undefined {
  switch (effect.kind) {
    case 'answer':
      return `  Note over ${names[effect.endpoint]}: ${effect.call}() → ${effect.result}`;
    case 'callback':
      return `  Note over ${names[effect.endpoint]}: app callback ${effect.callback === 'ring' ? 'remoteInvitationReceived (rings)' : effect.callback}`;
    case 'state':
      return `  Note over ${names[effect.endpoint]}: chart → ${effect.state}`;
    case 'kit':
      return effect.note.startsWith('got ') ? undefined : `  Note over ${names[effect.endpoint]}: ${effect.note}`;
    case 'sent':
      // Shown when the message is delivered, lost or duplicated, with its send time.
      return undefined;
  }
}

function shortTimer(id: string): string {
  // xstate.after.confirmTimeout.remoteInvitation.ACCEPT_SENT_TO_LOCAL → confirmTimeout (ACCEPT_SENT_TO_LOCAL)
  const parts = id.split('.');
  return parts.length >= 5 ? `${parts[2]} (${parts.slice(4).join('.')})` : id;
}

/** A step as one line of JSON-friendly text, for regression tests. */
export function formatSteps(steps: readonly Step[]): string {
  return JSON.stringify(steps, null, 0);
}
