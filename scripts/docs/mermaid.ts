import type { ChartModel, ChartState } from './chart-model.js';
import { diagramEdges, type DiagramEdge } from './diagram-edges.js';

/**
 * Mermaid state ids are global to a diagram, and several states share a key
 * (every ended state has a `lingering` child), so nested states are named by
 * their whole path.
 */
function mermaidId(state: ChartState): string {
  return state.path.join('_');
}

/** A transition description ends at `:` or `;`, and `#` starts a comment (Mermaid's stateDiagram.jison). */
function mermaidText(text: string): string {
  return text.replaceAll(':', ' ').replaceAll(';', ',').replaceAll('#', 'no. ');
}

/** The deepest state that contains both ends of an edge, or undefined for the root. */
function commonParentId(edge: DiagramEdge, states: ReadonlyMap<string, ChartState>): string | undefined {
  const from = states.get(edge.fromId);
  const to = states.get(edge.toId);
  if (!from || !to) return undefined;
  let shared = 0;
  while (shared < from.path.length - 1 && shared < to.path.length - 1 && from.path[shared] === to.path[shared]) shared++;
  if (shared === 0) return undefined;
  return [...from.id.split('.').slice(0, 1), ...from.path.slice(0, shared)].join('.');
}

/**
 * A Mermaid `stateDiagram-v2` of `model`: one arrow per state-changing
 * transition, labelled `EVENT [guard] / actions` or `after 30 s / actions`.
 * Each arrow is written inside the innermost composite state holding both of
 * its ends, which is where Mermaid expects it.
 */
export function renderMermaid(model: ChartModel): string {
  const states = new Map(model.states.map((state) => [state.id, state]));
  const ids = new Set<string>();
  for (const state of model.states) {
    const id = mermaidId(state);
    if (ids.has(id)) throw new Error(`Two states of ${model.machineId} map to the Mermaid id ${id}`);
    ids.add(id);
  }
  const edgesByParent = new Map<string | undefined, DiagramEdge[]>();
  for (const edge of diagramEdges(model)) {
    const parentId = commonParentId(edge, states);
    edgesByParent.set(parentId, [...(edgesByParent.get(parentId) ?? []), edge]);
  }

  const lines: string[] = ['stateDiagram-v2'];
  const writeArrow = (indent: string, edge: DiagramEdge): void => {
    const from = states.get(edge.fromId);
    const to = states.get(edge.toId);
    if (!from || !to) return;
    const label = edge.effects ? `${edge.condition} ${edge.effects}` : edge.condition;
    lines.push(`${indent}${mermaidId(from)} --> ${mermaidId(to)} : ${mermaidText(label)}`);
  };
  const writeScope = (indent: string, parent: ChartState): void => {
    const initial = parent.initialId === undefined ? undefined : states.get(parent.initialId);
    if (initial) lines.push(`${indent}[*] --> ${mermaidId(initial)}`);
    for (const childId of parent.childIds) {
      const child = states.get(childId);
      if (!child) continue;
      const id = mermaidId(child);
      const named = child.path.length > 1;
      if (child.childIds.length > 0) {
        lines.push(named ? `${indent}state "${child.key}" as ${id} {` : `${indent}state ${id} {`);
        writeScope(`${indent}  `, child);
        lines.push(`${indent}}`);
      } else if (named) {
        lines.push(`${indent}state "${child.key}" as ${id}`);
      }
      if (child.kind === 'final') lines.push(`${indent}${id} --> [*]`);
    }
    const scopeId = parent.path.length === 0 ? undefined : parent.id;
    for (const edge of edgesByParent.get(scopeId) ?? []) writeArrow(indent, edge);
  };
  writeScope('  ', model.root);
  return `${lines.join('\n')}\n`;
}
