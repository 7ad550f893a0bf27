import { instance } from '@viz-js/viz';

type Viz = Awaited<ReturnType<typeof instance>>;
let loading: Promise<Viz> | undefined;

/**
 * Renders DOT to SVG with Graphviz compiled to WebAssembly (@viz-js/viz): the
 * same Graphviz on every machine, from npm, with no system package to install.
 * Throws on any Graphviz error or warning, so a broken graph never lands in docs/.
 */
export async function renderSvg(dot: string): Promise<string> {
  loading ??= instance();
  const viz = await loading;
  const result = viz.render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success' || result.errors.length > 0) {
    const messages = result.errors.map((error) => `${error.level ?? 'error'}: ${error.message}`).join('\n');
    throw new Error(`Graphviz could not render the diagram:\n${messages}`);
  }
  return result.output;
}
