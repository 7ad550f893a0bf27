import type { ChartModel, ChartState, ChartTransition } from './chart-model.js';
import { describeCondition, describeEffects } from './labels.js';

/** One arrow of a diagram: a transition that changes state, between two drawable states. */
export interface DiagramEdge {
  readonly fromId: string;
  readonly toId: string;
  readonly transition: ChartTransition;
  /** `EVENT [guard]`, plus `in STATE` when the transition belongs to an enclosing state. */
  readonly condition: string;
  /** `/ actions`, or empty. */
  readonly effects: string;
}

function isInside(state: ChartState, ancestor: ChartState): boolean {
  return state.id !== ancestor.id && state.id.startsWith(`${ancestor.id}.`);
}

/**
 * The arrows to draw for `model`. Transitions that only run actions (API
 * answers, re-sent messages) change no state and are left to the tables.
 * A transition from a compound state to one of its own children, such as a
 * timer that runs across all of them, is drawn from each child it can leave,
 * labelled with the state it belongs to: diagram tools cannot draw an arrow
 * from a box to something inside it.
 */
export function diagramEdges(model: ChartModel): DiagramEdge[] {
  const byId = new Map(model.states.map((state) => [state.id, state]));
  const edges: DiagramEdge[] = [];
  for (const transition of model.transitions) {
    const source = byId.get(transition.sourceId);
    if (!source) continue; // The root's own transitions only run actions.
    for (const targetId of transition.targetIds) {
      const target = byId.get(targetId);
      if (!target) throw new Error(`${transition.sourceId} targets ${targetId}, which is not a state`);
      const effects = describeEffects(transition);
      if (!isInside(target, source)) {
        edges.push({ fromId: source.id, toId: target.id, transition, condition: describeCondition(transition), effects });
        continue;
      }
      const condition = `${describeCondition(transition)} in ${source.key}`;
      const leaves = model.states.filter(
        (state) => isInside(state, source) && state.childIds.length === 0 && state.kind !== 'final',
      );
      for (const leaf of leaves) edges.push({ fromId: leaf.id, toId: target.id, transition, condition, effects });
    }
  }
  return edges;
}
