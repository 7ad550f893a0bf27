import type { ApiCallOutcome, ApiCallsInState, ApiErrorTable } from './api-errors.js';
import { generatedBanner, markdownTable } from './markdown.js';

/** Path of the page, from the repository root. */
export const API_ERRORS_PAGE = 'docs/api-errors.md';

function sameOutcomes(left: readonly ApiCallOutcome[], right: readonly ApiCallOutcome[]): boolean {
  return (
    left.length === right.length &&
    left.every((outcome, index) => outcome.result === right[index]?.result && outcome.nextState === right[index]?.nextState)
  );
}

/** One row per top-level state when all its configurations answer alike (they do today), else one per configuration. */
function collapse(rows: readonly ApiCallsInState[]): { label: string; row: ApiCallsInState }[] {
  const byState = new Map<string, ApiCallsInState[]>();
  for (const row of rows) byState.set(row.state, [...(byState.get(row.state) ?? []), row]);
  return [...byState].flatMap(([state, configurations]) => {
    const [first] = configurations;
    if (first && configurations.every((row) => sameOutcomes(row.outcomes, first.outcomes))) return [{ label: state, row: first }];
    return configurations.map((row) => ({ label: row.configuration, row }));
  });
}

function cell(outcome: ApiCallOutcome, state: string): string {
  const result = `\`${outcome.result}\``;
  return outcome.nextState === state ? result : `${result} → ${outcome.nextState}`;
}

function tableSection(table: ApiErrorTable): string {
  const rows = collapse(table.rows).map(({ label, row }) => {
    const internal = row.publicStates.length !== 1 || row.publicStates[0] !== row.state;
    const seen = internal ? `${row.publicStates.join(' or ')} (\`${row.state}\` is internal)` : row.state;
    return [`\`${label}\``, seen, ...row.outcomes.map((outcome) => cell(outcome, row.state))];
  });
  const title = table.side === 'caller' ? 'Caller: LocalInvitation' : 'Callee: RemoteInvitation';
  return [
    `## ${title} (\`${table.exportName}\`)`,
    '',
    markdownTable(['chart state', 'the app sees `state`', ...table.calls.map((call) => `\`${call.label}\``)], rows),
  ].join('\n');
}

/** docs/api-errors.md: what every API call returns in every state, as the charts decide it. */
export function renderApiErrorsPage(tables: readonly ApiErrorTable[]): string {
  return `${[
    generatedBanner('the charts, by scripts/docs/api-errors.ts'),
    '',
    '# What each API call returns, state by state',
    '',
    'Every method of `LocalInvitation` and `RemoteInvitation` returns an `InvitationApiCallError` code and never',
    'throws for a call made at the wrong time. The charts decide the code (their `answer` action). This page is',
    'computed, not written: for every state configuration of each chart, `npm run docs` resolves a snapshot in',
    'that configuration, applies the call\'s event with XState\'s pure `transition()`, and reads',
    '`context.lastCall.result`. A cell reads `CODE → STATE` when the call also moves the invitation to `STATE`.',
    '',
    'The over-limit columns show where the payload check sits: arguments are checked only in the state where the',
    'call could be taken, so a second `send()` with bad content still answers `ALREADY_SENT`. Over-limit calls',
    'change nothing and send nothing. SETTLED, the top-level final state, has no row: the actor is done there and',
    'takes no event. An ended invitation still answers as before: the kit evaluates the chart in the ended state',
    'the output names, where the invitation lingered.',
    '',
    ...tables.flatMap((table) => [tableSection(table), '']),
  ].join('\n')}`;
}
