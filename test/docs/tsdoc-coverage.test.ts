import { existsSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The subpaths of package.json "exports" that load code (`./package.json` is data). */
function exportedSubpaths(): string[] {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, unknown> };
  return Object.keys(manifest.exports).filter((subpath) => subpath !== './package.json');
}

/** The source of a subpath: `./x` is built from `x.ts` or `x/index.ts`, `.` from `index.ts`. */
function sourceOf(subpath: string): string {
  if (subpath === '.') return 'index.ts';
  const base = subpath.slice(2);
  const candidates = [`${base}.ts`, `${base}/index.ts`];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found === undefined) throw new Error(`package.json exports ${subpath}, but neither ${candidates.join(' nor ')} exists`);
  return found;
}

/** The entry points of package.json "exports": everything an app can import. */
const PUBLIC_ENTRY_POINTS = exportedSubpaths().map(sourceOf);

function loadProgram(): ts.Program {
  const configPath = ts.findConfigFile('.', ts.sys.fileExists, 'tsconfig.json');
  if (!configPath) throw new Error('tsconfig.json not found');
  const { config } = ts.readConfigFile(configPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, '.');
  return ts.createProgram(PUBLIC_ENTRY_POINTS, { ...options, noEmit: true });
}

/** `export const X` carries its comment on the statement; everything else on the declaration itself. */
function hasTsDoc(declaration: ts.Declaration): boolean {
  const owner = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
  return ts.getJSDocCommentsAndTags(owner).some((node) => ts.isJSDoc(node) && (node.comment ?? '') !== '');
}

describe('the public API', () => {
  it('is documented by TypeDoc for every subpath of package.json exports', () => {
    const typedoc = JSON.parse(readFileSync('typedoc.json', 'utf8')) as { entryPoints: string[] };
    expect([...typedoc.entryPoints].sort()).toEqual([...PUBLIC_ENTRY_POINTS].sort());
    expect(PUBLIC_ENTRY_POINTS).toContain('index.ts');
  });

  it('has a TSDoc comment on every export of every entry point', () => {
    const program = loadProgram();
    const checker = program.getTypeChecker();
    const undocumented: string[] = [];
    for (const entry of PUBLIC_ENTRY_POINTS) {
      const source = program.getSourceFile(entry);
      const moduleSymbol = source && checker.getSymbolAtLocation(source);
      if (!moduleSymbol) throw new Error(`${entry} is not a module`);
      for (const exported of checker.getExportsOfModule(moduleSymbol)) {
        const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
        for (const declaration of symbol.declarations ?? []) {
          if (!hasTsDoc(declaration)) {
            const where = declaration.getSourceFile().fileName;
            undocumented.push(`${entry}: ${exported.name} (${ts.SyntaxKind[declaration.kind]} in ${where})`);
          }
        }
      }
    }
    expect(undocumented).toEqual([]);
  });
});
