/**
 * docs/api-errors.md is generated from the charts (issue 5); the reference
 * table here is written from SPEC.md. They must say the same thing, cell by
 * cell, so the published table is checked against an independent source.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CALLEE_CALLS,
  CALLEE_STATES,
  CALLEE_TABLE,
  CALLER_CALLS,
  CALLER_STATES,
  CALLER_TABLE,
} from './api-error-table.js';

const DOCUMENT = readFileSync(new URL('../../docs/api-errors.md', import.meta.url), 'utf8');

/** The first markdown table after `heading`, as rows of the first column's state name to { column header: code }. */
function tableAfter(heading: string): Map<string, Map<string, string>> {
  const start = DOCUMENT.indexOf(heading);
  if (start < 0) throw new Error(`docs/api-errors.md has no section "${heading}"`);
  const lines = DOCUMENT.slice(start).split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const afterTable = lines.slice(first).findIndex((line) => !line.startsWith('|'));
  const tableLines = lines.slice(first, afterTable < 0 ? undefined : first + afterTable);
  const cells = (line: string) => line.split('|').slice(1, -1).map((cell) => cell.trim());
  const [header = [], , ...rows] = tableLines.map(cells);
  const table = new Map<string, Map<string, string>>();
  for (const row of rows) {
    const state = (row[0] ?? '').replaceAll('`', '');
    // A cell reads `CODE` or `CODE` → STATE; only the code is compared.
    const codes = new Map(header.map((column, index) => [column, (row[index] ?? '').replaceAll('`', '').split('→')[0]?.trim() ?? '']));
    table.set(state, codes);
  }
  return table;
}

/** The documented column for each call of the reference table. */
const CALLER_COLUMNS: Record<(typeof CALLER_CALLS)[number], string> = {
  send: '`send()`',
  'send (content over 8192 bytes)': '`send() with content over 8192 bytes`',
  cancel: '`cancel()`',
};
const CALLEE_COLUMNS: Record<(typeof CALLEE_CALLS)[number], string> = {
  accept: '`accept()`',
  'accept (response over 8192 bytes)': '`accept(response over 8192 bytes)`',
  refuse: '`refuse()`',
  'refuse (response over 8192 bytes)': '`refuse(response over 8192 bytes)`',
  ignore: '`ignore()`',
};

describe('docs/api-errors.md agrees with the reference table (invariant 4)', () => {
  it('caller: every state and call', () => {
    const documented = tableAfter('## Caller');
    const differences: string[] = [];
    for (const state of CALLER_STATES) {
      const row = documented.get(state.replace(/ \(.*\)$/, ''));
      for (const call of CALLER_CALLS) {
        const code = row?.get(CALLER_COLUMNS[call]);
        if (code !== CALLER_TABLE[state][call]) differences.push(`${state} · ${call}: docs ${code}, reference ${CALLER_TABLE[state][call]}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it('callee: every state and call', () => {
    const documented = tableAfter('## Callee');
    const differences: string[] = [];
    for (const state of CALLEE_STATES) {
      for (const call of CALLEE_CALLS) {
        const code = documented.get(state)?.get(CALLEE_COLUMNS[call]);
        if (code !== CALLEE_TABLE[state][call]) differences.push(`${state} · ${call}: docs ${code}, reference ${CALLEE_TABLE[state][call]}`);
      }
    }
    expect(differences).toEqual([]);
  });
});
