/**
 * ESLint rule: the layers of the package import only the layers below them.
 * A layer is a top-level folder; a relative import is resolved against the
 * importing file and judged by the folder it lands in. Packages from
 * node_modules are not this rule's concern.
 */
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';

/** @typedef {{ root: string, layers: Record<string, string[]> }} BoundaryOptions */

/** The top-level folder of `file` under `root`, or undefined for files outside it or at its top. */
function layerOf(root, file) {
  const path = relative(root, file);
  if (path.startsWith('..') || isAbsolute(path)) return undefined;
  const parts = path.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** @type {import('eslint').Rule.RuleModule} */
export const importBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer (top-level folder) imports only the layers it is allowed to.' },
    schema: [
      {
        type: 'object',
        properties: {
          root: { type: 'string' },
          layers: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        required: ['root', 'layers'],
        additionalProperties: false,
      },
    ],
    messages: {
      forbidden: "{{from}}/ may import only {{allowed}}; '{{specifier}}' reaches {{to}}.",
    },
  },
  create(context) {
    /** @type {BoundaryOptions} */
    const { root, layers } = context.options[0];
    const from = layerOf(root, context.filename);
    const allowed = from === undefined ? undefined : layers[from];
    if (!allowed) return {};

    function check(node) {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (!specifier.startsWith('.')) return;
      const target = resolve(dirname(context.filename), specifier);
      const to = layerOf(root, target);
      const reaches = to === undefined ? 'a file outside the layers' : `${to}/`;
      if (to !== undefined && allowed.includes(to)) return;
      context.report({
        node: source,
        messageId: 'forbidden',
        data: { from, allowed: allowed.map((layer) => `${layer}/`).join(', '), specifier, to: reaches },
      });
    }

    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
