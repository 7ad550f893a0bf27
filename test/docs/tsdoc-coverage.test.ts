import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** The entry points of package.json "exports": everything an app can import. */
const PUBLIC_ENTRY_POINTS = ['index.ts', 'machines/index.ts', 'adapters/memory.ts', 'agora/index.ts'];

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
