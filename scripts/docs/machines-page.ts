import type { ChartModel, ChartState } from './chart-model.js';
import type { DocumentedChart } from './charts.js';
import { svgIdOfState } from './dot.js';
import { describeTrigger, formatDuration } from './labels.js';
import { code, generatedBanner, markdownTable } from './markdown.js';
import { renderMermaid } from './mermaid.js';

/** Path of the page, from the repository root. */
export const MACHINES_PAGE = 'docs/machines.md';

/** Path of a chart's SVG, from the repository root. */
export function diagramPathOf(chart: DocumentedChart): string {
  return `docs/diagrams/${chart.slug}.svg`;
}

function stateName(model: ChartModel, id: string): string {
  if (id === model.root.id) return '(any state)';
  return id.slice(model.machineId.length + 1);
}

function statesTable(chart: DocumentedChart): string {
  const rows = chart.model.states.map((state: ChartState) => [
    code(stateName(chart.model, state.id)),
    state.kind,
    state.tags.join(', ') || '—',
    state.entry.length > 0 ? state.entry.map(code).join(', ') : '—',
    code(svgIdOfState(state.id)),
  ]);
  return markdownTable(['state', 'kind', 'tags', 'entry actions', 'SVG id'], rows);
}

function transitionsTable(chart: DocumentedChart): string {
  const { model } = chart;
  const rows = model.transitions.map((transition) => [
    code(stateName(model, transition.sourceId)),
    code(describeTrigger(transition.trigger)),
    transition.guard !== undefined ? code(transition.guard) : transition.otherwise ? 'else' : '—',
    transition.targetIds.length > 0
      ? transition.targetIds.map((id) => code(stateName(model, id))).join(', ') + (transition.reenter ? ' (re-entered)' : '')
      : 'stays',
    transition.actions.length > 0 ? transition.actions.map(code).join(', ') : '—',
  ]);
  return markdownTable(['in', 'on', 'guard', 'goes to', 'actions'], rows);
}

function timersTable(charts: readonly DocumentedChart[]): string {
  const delays = new Map<string, { milliseconds: number; reads: readonly string[]; charts: string[] }>();
  for (const chart of charts) {
    for (const delay of chart.model.delays) {
      const known = delays.get(delay.name) ?? { milliseconds: delay.milliseconds, reads: delay.reads, charts: [] };
      known.charts.push(chart.exportName);
      delays.set(delay.name, known);
    }
  }
  const rows = [...delays].map(([name, delay]) => [
    code(name),
    formatDuration(delay.milliseconds),
    delay.reads.length > 0 ? delay.reads.map((path) => code(path.replace(/^timeouts\./, 'timeouts.'))).join(', ') : '—',
    delay.charts.map(code).join(', '),
  ]);
  return markdownTable(['delay', 'default (label in the diagrams)', 'set by the kit option', 'used by'], rows);
}

function chartSection(chart: DocumentedChart): string {
  const svgPath = diagramPathOf(chart).replace(/^docs\//, '');
  return [
    `## ${chart.title}`,
    '',
    `![${chart.exportName}](${svgPath})`,
    '',
    `The same chart as Mermaid (GitHub renders it; the SVG above is [${svgPath}](${svgPath})):`,
    '',
    '```mermaid',
    renderMermaid(chart.model).trimEnd(),
    '```',
    '',
    `### States of ${chart.exportName}`,
    '',
    statesTable(chart),
    '',
    `### Transitions of ${chart.exportName}`,
    '',
    'Every transition of the chart, in definition order, including those that only run actions (`stays`): API',
    'answers, re-sent messages and late duplicates. Candidates for the same event are tried top to bottom.',
    '',
    transitionsTable(chart),
  ].join('\n');
}

/** docs/machines.md: both charts as diagrams and tables, and the SVG id contract. */
export function renderMachinesPage(charts: readonly DocumentedChart[]): string {
  const example = charts[0]?.model.states.find((state) => state.childIds.length > 0 && state.path.length === 1);
  const exampleChild = example?.childIds[0];
  return `${[
    generatedBanner('machines/*.machine.ts (scripts/docs/machines-page.ts)'),
    '',
    '# The charts',
    '',
    'Everything on this page is read from `localInvitationMachine` and `remoteInvitationMachine` by walking their',
    'state nodes (states, `on`, `after`, `always`, guards and named actions), so it cannot disagree with the code.',
    '`npm run docs` regenerates it, and `npm test` fails when it is stale. What each API call returns in each',
    'state is in [api-errors.md](api-errors.md).',
    '',
    'How to read the diagrams:',
    '',
    '- An arrow is labelled `EVENT [guard] / actions`. `[else]` is the candidate taken when the guards listed',
    '  before it for the same event are false.',
    '- `after 30 s` is a timer started when the state is entered, at the default timeouts below; an app changes',
    '  them with `createCallKit({ timeouts })`. A timer drawn from a box with children runs whichever child',
    '  is active.',
    '- Boxes with children are compound states; the small circle marks the initial child; a double border marks',
    '  a final state. States tagged `ended` (shaded) are where the app has seen its last callback; the actor',
    '  lingers there to answer late duplicates, then moves to SETTLED, the top-level final state: the actor is',
    '  done, and its `output` is the outcome (`invoke … onDone`, `waitFor(actor, (s) => s.status === \'done\')`).',
    '- Transitions that change no state (API answers such as `answer(ALREADY_END)`, re-sent messages) are in',
    '  the tables, not in the diagrams.',
    '',
    '## Timers',
    '',
    timersTable(charts),
    '',
    ...charts.flatMap((chart) => [chartSection(chart), '']),
    '## Highlighting the current state in the SVGs',
    '',
    'The SVGs in `docs/diagrams/` are the ones the demo page shows and highlights live. Their contract:',
    '',
    "- Every state is a `<g>` element whose `id` is `state-` followed by XState's state node id, i.e. the",
    `  machine id and the state's path joined by dots: ${code(example ? svgIdOfState(example.id) : undefined)}${exampleChild ? `, ${code(svgIdOfState(exampleChild))}` : ''}.`,
    '  Machine ids differ, so both charts can be inlined in one page without clashing ids.',
    '- Its `class` lists `state`, plus `compound` for a box with children, `final` for a final state, and the',
    '  state\'s tags (`ended`). Transitions are `<g class="edge transition">`, initial arrows `<g class="edge initial">`.',
    '- The ids of the states an actor is in are those of its snapshot\'s active state nodes:',
    '',
    '```ts',
    "const activeIds = snapshot._nodes.filter((node) => node.parent).map((node) => `state-${node.id}`);",
    "for (const id of activeIds) svg.getElementById(id)?.classList.add('active');",
    '```',
    '',
    '  (`_nodes` is XState\'s own list of active state nodes. Without it, join the keys of `snapshot.value`:',
    '  `{ SENT_TO_REMOTE: \'awaitingReceipt\' }` is `state-localInvitation.SENT_TO_REMOTE` and',
    '  `state-localInvitation.SENT_TO_REMOTE.awaitingReceipt`.)',
    '',
  ].join('\n')}`;
}
