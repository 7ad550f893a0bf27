import { Application, TSConfigReader, TypeDocReader } from 'typedoc';

/** Where TypeDoc writes the API reference, from the repository root (set in typedoc.json). */
export const API_REFERENCE_DIRECTORY = 'docs/api';

/**
 * Runs TypeDoc with typedoc.json (Markdown output through
 * typedoc-plugin-markdown, no source links, no git revision, so the output
 * depends on the code only) and writes the reference to `outputDirectory`.
 * Reads only typedoc.json and tsconfig.json, never the command line, so it
 * runs the same under npm scripts and under vitest.
 */
export async function writeApiReference(outputDirectory: string = API_REFERENCE_DIRECTORY): Promise<void> {
  const app = await Application.bootstrapWithPlugins({ out: outputDirectory }, [new TypeDocReader(), new TSConfigReader()]);
  const project = await app.convert();
  if (!project) throw new Error('TypeDoc could not convert the project; see the messages above');
  await app.generateOutputs(project);
  if (app.logger.hasErrors()) throw new Error('TypeDoc reported errors; see the messages above');
}
