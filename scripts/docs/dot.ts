import type { ChartModel, ChartState } from './chart-model.js';
import { diagramEdges } from './diagram-edges.js';

/** The SVG id of a state's node or box: the contract the demo page highlights by. */
export function svgIdOfState(stateId: string): string {
  return `state-${stateId}`;
}

// Graphviz measures text with built-in metrics; Helvetica has them, so layout does not depend on installed fonts.
const FONT = 'Helvetica';
const LABEL_WIDTH = 44;

function quote(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n')}"`;
}

function attributes(values: Readonly<Record<string, string | number | boolean>>): string {
  return `[${Object.entries(values)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? quote(value) : String(value)}`)
    .join(', ')}]`;
}

/** Breaks `/ a, b, c` after commas so that no line runs much past {@link LABEL_WIDTH}. */
function wrap(text: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/(?<=,) /)) {
    if (line && line.length + word.length + 1 > LABEL_WIDTH) {
      lines.push(line);
      line = `  ${word}`;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

function stateLabel(state: ChartState): string {
  const lines = [state.key];
  if (state.entry.length > 0) lines.push(wrap(`entry / ${state.entry.join(', ')}`));
  if (state.exit.length > 0) lines.push(wrap(`exit / ${state.exit.join(', ')}`));
  return lines.join('\n');
}

function classesOf(state: ChartState): string {
  return ['state', state.childIds.length > 0 ? 'compound' : '', state.kind === 'final' ? 'final' : '', ...state.tags]
    .filter(Boolean)
    .join(' ');
}

const clusterNameOf = (state: ChartState): string => `cluster_${state.id}`;
const initialNodeOf = (state: ChartState): string => `initial:${state.id}`;

/**
 * A Graphviz DOT graph of `model`. Atomic states are nodes, compound states
 * are clusters; every node and cluster carries `id="state-<state id>"` and
 * `class="state …"` (plus `compound`, `final` and the state's tags), which
 * Graphviz copies into the SVG. Arrows are the same as in the Mermaid diagram.
 */
export function renderDot(model: ChartModel): string {
  const states = new Map(model.states.map((state) => [state.id, state]));
  const stateAt = (id: string | undefined): ChartState | undefined => (id === undefined ? undefined : states.get(id));
  // Graphviz edges join nodes; an edge to or from a box is drawn to its initial leaf and clipped at the box.
  const anchorOf = (state: ChartState): ChartState => {
    const initial = stateAt(state.initialId);
    return initial ? anchorOf(initial) : state;
  };

  const lines: string[] = [
    `digraph ${quote(model.machineId)} {`,
    `  graph ${attributes({ id: `chart-${model.machineId}`, compound: true, rankdir: 'TB', newrank: true, nodesep: 0.35, ranksep: 0.45, fontname: FONT, fontsize: 12, labeljust: 'l' })}`,
    `  node ${attributes({ shape: 'box', style: 'rounded,filled', fillcolor: '#ffffff', color: '#3b4252', fontname: FONT, fontsize: 11, margin: '0.14,0.06' })}`,
    `  edge ${attributes({ fontname: FONT, fontsize: 9, color: '#4c566a', fontcolor: '#2e3440', arrowsize: 0.7 })}`,
  ];
  const writeInitial = (indent: string, parent: ChartState): void => {
    const initial = stateAt(parent.initialId);
    if (!initial) return;
    lines.push(`${indent}${quote(initialNodeOf(parent))} ${attributes({ id: `initial-${parent.id}`, shape: 'point', width: 0.12, label: '' })}`);
    const target = anchorOf(initial);
    const head: Record<string, string> = initial.childIds.length > 0 ? { lhead: clusterNameOf(initial) } : {};
    lines.push(`${indent}${quote(initialNodeOf(parent))} -> ${quote(target.id)} ${attributes({ class: 'initial', ...head })}`);
  };
  const writeChildren = (indent: string, parent: ChartState): void => {
    writeInitial(indent, parent);
    for (const childId of parent.childIds) {
      const child = stateAt(childId);
      if (!child) continue;
      if (child.childIds.length > 0) {
        lines.push(`${indent}subgraph ${quote(clusterNameOf(child))} {`);
        lines.push(
          `${indent}  graph ${attributes({
            id: svgIdOfState(child.id),
            class: classesOf(child),
            label: stateLabel(child),
            style: 'rounded,filled',
            fillcolor: child.tags.includes('ended') ? '#eceff4' : '#f8f9fb',
            color: '#3b4252',
          })}`,
        );
        writeChildren(`${indent}  `, child);
        lines.push(`${indent}}`);
      } else {
        lines.push(
          `${indent}${quote(child.id)} ${attributes({
            id: svgIdOfState(child.id),
            class: classesOf(child),
            label: stateLabel(child),
            ...(child.kind === 'final' ? { peripheries: 2 } : {}),
          })}`,
        );
      }
    }
  };
  writeChildren('  ', model.root);

  // One arrow per pair of states, one label block per transition: parallel arrows to FAILURE would tangle.
  const arrows = new Map<string, { from: ChartState; to: ChartState; labels: string[] }>();
  for (const edge of diagramEdges(model)) {
    const from = stateAt(edge.fromId);
    const to = stateAt(edge.toId);
    if (!from || !to) continue;
    const key = `${from.id}\n${to.id}`;
    const arrow = arrows.get(key) ?? { from, to, labels: [] };
    arrow.labels.push(edge.effects ? `${edge.condition}\n${wrap(edge.effects)}` : edge.condition);
    arrows.set(key, arrow);
  }
  for (const { from, to, labels } of arrows.values()) {
    const clipping = {
      ...(from.childIds.length > 0 && from.id !== to.id ? { ltail: clusterNameOf(from) } : {}),
      ...(to.childIds.length > 0 && from.id !== to.id ? { lhead: clusterNameOf(to) } : {}),
    };
    const label = labels.join('\n\n');
    lines.push(`  ${quote(anchorOf(from).id)} -> ${quote(anchorOf(to).id)} ${attributes({ class: 'transition', label, ...clipping })}`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
