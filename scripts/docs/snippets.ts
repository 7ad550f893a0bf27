import { readFile } from 'node:fs/promises';

/** Hand-written pages whose code samples are copied from files that tests compile and run. */
export const PAGES_WITH_SNIPPETS = ['docs/inspecting.md'] as const;

const SNIPPET = /(<!-- snippet: (\S+) -->\n)[\s\S]*?(<!-- \/snippet -->)/g;

/**
 * Refreshes every `<!-- snippet: path -->` … `<!-- /snippet -->` region of a
 * hand-written page with the current text of `path` (relative to the
 * repository root), as a fenced code block. The prose stays hand-written; the
 * code comes from a file the tests run, so the sample cannot rot.
 */
export async function refreshSnippets(page: string, readSource: (path: string) => Promise<string>): Promise<string> {
  const regions = [...page.matchAll(SNIPPET)];
  let refreshed = page;
  for (const [whole, opening, path, closing] of regions) {
    if (!opening || !path || !closing) continue;
    const source = (await readSource(path)).trimEnd();
    const language = path.split('.').pop() ?? '';
    refreshed = refreshed.replace(whole, `${opening}\`\`\`${language}\n${source}\n\`\`\`\n${closing}`);
  }
  return refreshed;
}

/** Reads a file of the repository as UTF-8. */
export function readRepositoryFile(path: string): Promise<string> {
  return readFile(path, 'utf8');
}
