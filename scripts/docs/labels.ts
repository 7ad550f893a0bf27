import type { ChartTransition, ChartTrigger } from './chart-model.js';

/** `30000` → `30 s`, `1500` → `1.5 s`, `250` → `250 ms`: how a reader says a timeout. */
export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${milliseconds} ms`;
  return `${Number((milliseconds / 1000).toFixed(3))} s`;
}

/** The event part of a label: `CANCEL`, `after 30 s`, `always`. */
export function describeTrigger(trigger: ChartTrigger): string {
  switch (trigger.kind) {
    case 'event':
      return trigger.event;
    case 'after':
      return `after ${formatDuration(trigger.milliseconds)}`;
    case 'always':
      return 'always';
  }
}

/** `EVENT [guard]`: what must happen, and hold, for the transition to be taken. `[else]` marks the fallback. */
export function describeCondition(transition: ChartTransition): string {
  const trigger = describeTrigger(transition.trigger);
  if (transition.guard !== undefined) return `${trigger} [${transition.guard}]`;
  return transition.otherwise ? `${trigger} [else]` : trigger;
}

/** `/ action, action(PARAM)`, or empty when the transition runs no action. */
export function describeEffects(transition: ChartTransition): string {
  return transition.actions.length === 0 ? '' : `/ ${transition.actions.join(', ')}`;
}

/** The whole UML-style label on one line: `EVENT [guard] / actions`. */
export function describeTransition(transition: ChartTransition): string {
  const effects = describeEffects(transition);
  return effects ? `${describeCondition(transition)} ${effects}` : describeCondition(transition);
}
