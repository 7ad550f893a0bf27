import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, InvitationApiCallError } from '../../machines/constants.js';
import { apiErrorTables, type ApiErrorTable } from '../../scripts/docs/api-errors.js';
import { documentedCharts } from '../../scripts/docs/charts.js';
import { diagramEdges } from '../../scripts/docs/diagram-edges.js';
import { renderDot, svgIdOfState } from '../../scripts/docs/dot.js';
import { formatDuration } from '../../scripts/docs/labels.js';
import { renderMermaid } from '../../scripts/docs/mermaid.js';
import { renderSvg } from '../../scripts/docs/svg.js';

const charts = documentedCharts();

function outcome(table: ApiErrorTable | undefined, state: string, call: string): string | undefined {
  return table?.rows.find((row) => row.state === state)?.outcomes.find((entry) => entry.call === call)?.result;
}

describe('the generated diagrams', () => {
  it('give every state of both charts an SVG element with id state-<state id>, unique across both SVGs', async () => {
    const seen = new Set<string>();
    for (const chart of charts) {
      const svg = await renderSvg(renderDot(chart.model));
      const ids = [...svg.matchAll(/ id="([^"]+)"/g)].map(([, id]) => (id ?? '').replaceAll('&#45;', '-'));
      for (const state of chart.model.states) expect(ids).toContain(svgIdOfState(state.id));
      for (const id of ids) {
        expect(seen.has(id), `${id} appears in two SVGs`).toBe(false);
        seen.add(id);
      }
    }
  });

  it('draw every state-changing transition in Mermaid with its EVENT [guard] / actions label', () => {
    for (const chart of charts) {
      const mermaid = renderMermaid(chart.model);
      for (const edge of diagramEdges(chart.model)) {
        const label = edge.effects ? `${edge.condition} ${edge.effects}` : edge.condition;
        expect(mermaid).toContain(` : ${label}\n`);
      }
      // Mermaid's grammar: a description ends at ':' or ';', '#' starts a comment, ids cannot hold '-'.
      for (const line of mermaid.split('\n').filter((text) => text.includes(' --> '))) {
        const [arrow = '', description = ''] = line.split(' : ');
        expect(description).not.toMatch(/[:;#]/);
        expect(arrow.replace(' --> ', ' ')).not.toContain('-');
      }
    }
  });

  it('label timers with the default timeouts', () => {
    const [callerChart, calleeChart] = charts;
    if (!callerChart || !calleeChart) throw new Error('the docs describe two charts');
    const caller = renderMermaid(callerChart.model);
    const callee = renderMermaid(calleeChart.model);
    expect(caller).toContain(`after ${formatDuration(DEFAULT_TIMEOUTS.acknowledgeMs)} [isPeerUnreachable]`);
    expect(caller).toContain(`after ${formatDuration(DEFAULT_TIMEOUTS.answerMs)} /`);
    expect(caller).toContain(`after ${formatDuration(DEFAULT_TIMEOUTS.resendMs)} / sendInvite`);
    expect(callee).toContain(`after ${formatDuration(DEFAULT_TIMEOUTS.confirmMs)} [else] / recordFailure(ACCEPT_FAILURE)`);
    expect(callee).toContain(`REFUSED --> SETTLED : after ${formatDuration(DEFAULT_TIMEOUTS.lingerMs)}`);
  });
});

describe('the API-error reference computed from the charts', () => {
  const [caller, callee] = apiErrorTables();

  it('covers every InvitationApiCallError code', () => {
    const results = new Set(
      [caller, callee].flatMap((table) => table?.rows.flatMap((row) => row.outcomes.map((entry) => entry.result)) ?? []),
    );
    expect([...results].sort()).toEqual(Object.values(InvitationApiCallError).sort());
  });

  it('answers as the RTM 1.x SDKs documented it', () => {
    expect(outcome(caller, 'IDLE', 'cancel()')).toBe('NOT_STARTED');
    expect(outcome(caller, 'SENT_TO_REMOTE', 'send()')).toBe('ALREADY_SENT');
    expect(outcome(caller, 'IDLE', 'send() with content over 8192 bytes')).toBe('INVALID_ARGUMENT');
    expect(outcome(callee, 'ACCEPT_SENT_TO_LOCAL', 'accept()')).toBe('ALREADY_ACCEPT');
    expect(outcome(callee, 'INVITATION_RECEIVED', 'refuse(response over 8192 bytes)')).toBe('INVALID_ARGUMENT');
    for (const state of ['ACCEPTED_BY_REMOTE', 'REFUSED_BY_REMOTE', 'CANCELED', 'FAILURE']) {
      expect(outcome(caller, state, 'send()')).toBe('ALREADY_END');
      expect(outcome(caller, state, 'cancel()')).toBe('ALREADY_END');
    }
    for (const state of ['ACCEPTED', 'REFUSED', 'CANCELED', 'FAILURE']) {
      expect(outcome(callee, state, 'accept()')).toBe('ALREADY_END');
      expect(outcome(callee, state, 'refuse()')).toBe('ALREADY_END');
    }
  });

  it('evaluates the internal CANCELING state, each of its sub-states with the public state its tag shows, and no row for SETTLED', () => {
    const canceling = caller?.rows.filter((row) => row.state === 'CANCELING') ?? [];
    expect(canceling.map((row) => [row.configuration, row.publicStates])).toEqual([
      ['CANCELING.beforeReceipt', ['SENT_TO_REMOTE']],
      ['CANCELING.afterReceipt', ['RECEIVED_BY_REMOTE']],
    ]);
    const configurations = [caller, callee].flatMap((table) => table?.rows.map((row) => row.configuration) ?? []);
    expect(configurations).toContain('ACCEPTED_BY_REMOTE.lingering');
    expect(configurations).toContain('REFUSED.lingering');
    // The actor is done in SETTLED and takes no event, so the page explains it instead of tabulating it.
    expect(configurations).not.toContain('SETTLED');
  });
});
