import { apiErrorTables } from './api-errors.js';
import { API_ERRORS_PAGE, renderApiErrorsPage } from './api-errors-page.js';
import { documentedCharts } from './charts.js';
import { renderDot } from './dot.js';
import { MACHINES_PAGE, diagramPathOf, renderMachinesPage } from './machines-page.js';
import { PAGES_WITH_SNIPPETS, readRepositoryFile, refreshSnippets } from './snippets.js';
import { renderSvg } from './svg.js';

/** A file `npm run docs` writes, path from the repository root. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

/** The directory whose every file is generated: files there that no chart produces are stale. */
export const DIAGRAMS_DIRECTORY = 'docs/diagrams';

/**
 * Everything `npm run docs` derives from the charts, in memory: the chart
 * page with its Mermaid blocks, one SVG per chart, the API-error reference,
 * and the code samples of hand-written pages. Deterministic: no dates, no
 * random ids, definition order throughout. (The TypeDoc reference is
 * separate: see api-reference.ts.)
 */
export async function generateChartDocs(): Promise<GeneratedFile[]> {
  const charts = documentedCharts();
  const files: GeneratedFile[] = [
    { path: MACHINES_PAGE, content: renderMachinesPage(charts) },
    { path: API_ERRORS_PAGE, content: renderApiErrorsPage(apiErrorTables()) },
  ];
  for (const chart of charts) {
    files.push({ path: diagramPathOf(chart), content: await renderSvg(renderDot(chart.model)) });
  }
  for (const page of PAGES_WITH_SNIPPETS) {
    const current = await readRepositoryFile(page);
    files.push({ path: page, content: await refreshSnippets(current, readRepositoryFile) });
  }
  return files;
}
