import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeApiReference } from './api-reference.js';
import { DIAGRAMS_DIRECTORY, generateChartDocs } from './generate.js';

// `npm run docs`: regenerates every generated file under docs/. Run from the repository root.
const files = await generateChartDocs();
for (const file of files) {
  await mkdir(dirname(file.path), { recursive: true });
  await writeFile(file.path, file.content);
}
const wanted = new Set(files.map((file) => file.path));
for (const name of await readdir(DIAGRAMS_DIRECTORY)) {
  const path = join(DIAGRAMS_DIRECTORY, name);
  if (!wanted.has(path)) await rm(path);
}
console.log(`docs: wrote ${files.map((file) => file.path).join(', ')}`);
await writeApiReference();
