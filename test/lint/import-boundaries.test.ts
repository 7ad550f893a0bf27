import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// The repository's own eslint.config.js, as `npm run lint` uses it.
const eslint = new ESLint({ cwd: root });

/** The boundary messages ESLint reports for `code` placed at `file` (a path under the repository). */
async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'call-invitation/import-boundaries').map((message) => message.message);
}

describe('the import boundaries between layers', () => {
  it('reports an adapter that imports a chart or the kit, also as a type or a re-export', async () => {
    const errors = await boundaryErrors(
      'adapters/websocket/probe.ts',
      [
        "import { LocalInvitationState } from '../../machines/constants.js';",
        "import type { CallKitOptions } from '../../kit/options.js';",
        "export * from '../../kit/index.js';",
        "export const later = () => import('../../machines/index.js');",
      ].join('\n'),
    );
    expect(errors).toEqual([
      "adapters/ may import only adapters/, protocol/; '../../machines/constants.js' reaches machines/.",
      "adapters/ may import only adapters/, protocol/; '../../kit/options.js' reaches kit/.",
      "adapters/ may import only adapters/, protocol/; '../../kit/index.js' reaches kit/.",
      "adapters/ may import only adapters/, protocol/; '../../machines/index.js' reaches machines/.",
    ]);
  });

  it('reports a chart that imports a transport or the kit', async () => {
    const errors = await boundaryErrors(
      'machines/probe.ts',
      "import { TransportError } from '../adapters/transport.js';\nimport { createCallKit } from '../kit/index.js';",
    );
    expect(errors).toEqual([
      "machines/ may import only machines/, protocol/; '../adapters/transport.js' reaches adapters/.",
      "machines/ may import only machines/, protocol/; '../kit/index.js' reaches kit/.",
    ]);
  });

  it('reports the wire format importing any layer above it', async () => {
    const errors = await boundaryErrors(
      'protocol/probe.ts',
      ["import '../kit/index.js';", "import '../adapters/transport.js';", "import '../machines/constants.js';"].join('\n'),
    );
    expect(errors).toHaveLength(3);
  });

  it('reports shipped code that imports the tests', async () => {
    expect(await boundaryErrors('kit/probe.ts', "import { useCallHarnesses } from '../test/support/call-harness.js';")).toEqual([
      "kit/ may import only kit/, machines/, protocol/, adapters/; '../test/support/call-harness.js' reaches test/.",
    ]);
  });

  it('accepts the imports the layers make today: charts on protocol limits, the kit on everything below it', async () => {
    expect(await boundaryErrors('machines/probe.ts', "import { MAX_PAYLOAD_BYTES } from '../protocol/limits.js';")).toEqual([]);
    expect(await boundaryErrors('adapters/probe.ts', "import { PROTOCOL_VERSION } from '../protocol/messages.js';\nimport ws from 'ws';")).toEqual([]);
    expect(
      await boundaryErrors(
        'kit/probe.ts',
        "import '../machines/constants.js';\nimport '../protocol/codec.js';\nimport '../adapters/transport.js';\nimport { createActor } from 'xstate';",
      ),
    ).toEqual([]);
  });
});
