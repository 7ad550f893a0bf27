// `npm run bench:changes`: each change to the kit measured alone, in one run. For every variant the
// current tree is checked out in a temporary worktree, the files the variant leaves out are restored
// from `main` (so a variant is main plus exactly one change, or everything), and the same benchmark code
// (this tree's bench/) measures it: callgrind instructions per accepted lifecycle (load-independent)
// and heap per ringing pair (20,000 invitations). Writes bench/changes.json, which the report reads.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repository = join(dirname(fileURLToPath(import.meta.url)), '..');
const base = process.env.BENCH_CHANGES_BASE ?? 'main';

/** Files each change touched; a variant restores from `base` every changed file it does not include. */
const CHANGES = {
  listeners: ['kit/listeners.ts'],
  'one-listener': ['kit/call-kit.ts', 'kit/local-invitation.ts', 'kit/remote-invitation.ts'],
};
const ALL_FILES = [...new Set(Object.values(CHANGES).flat())];
const VARIANTS = [
  { name: 'before', label: `the kit as on ${base}`, keep: [] },
  { name: 'listeners', label: 'registrations in one list (kit/listeners.ts)', keep: CHANGES.listeners },
  {
    name: 'one-listener',
    label: 'one emitted-event listener per invitation, no per-invitation kit closure, forget on settle without a microtask',
    keep: CHANGES['one-listener'],
  },
  { name: 'after', label: 'all of them (this branch)', keep: ALL_FILES },
];

function git(...args) {
  return execFileSync('git', ['-C', repository, ...args], { encoding: 'utf8' }).trim();
}

function run(directory, name, item, parameters) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bench/run.mjs', item, JSON.stringify(parameters)], {
      cwd: directory,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, BENCH_BUILD_NAME: `bench-changes-${name}` },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(output)) : reject(new Error(`${item} failed in ${directory}`))));
  });
}

async function measure(variant) {
  const directory = mkdtempSync(join(tmpdir(), `call-invitation-${variant.name}-`));
  git('worktree', 'add', '--detach', '--force', directory, 'HEAD');
  try {
    const restore = ALL_FILES.filter((file) => !variant.keep.includes(file));
    if (restore.length > 0) execFileSync('git', ['-C', directory, 'checkout', base, '--', ...restore]);
    // The working tree's bench/, uncommitted edits included, measures every variant alike.
    execFileSync('cp', ['-R', join(repository, 'bench', '.'), join(directory, 'bench')]);
    symlinkSync(join(repository, 'node_modules'), join(directory, 'node_modules'));
    const instructions = await run(directory, variant.name, 'lifecycle-instructions', { contenders: ['statecharts'], repeat: 1 });
    const ringing = await run(directory, variant.name, 'ringing-memory', { invitations: 20_000 });
    const result = {
      name: variant.name,
      label: variant.label,
      instructionsPerLifecycle: instructions.instructionsPerLifecycle.statecharts[0],
      heapBytesPerPair: ringing.heapBytesPerPair,
    };
    console.error(`  · ${variant.name}: ${JSON.stringify(result)}`);
    return result;
  } finally {
    git('worktree', 'remove', '--force', directory);
    rmSync(directory, { recursive: true, force: true });
  }
}

const startedAt = new Date().toISOString();
// Variants run side by side: instruction counts do not depend on load, and heap figures do not either.
const variants = await Promise.all(VARIANTS.map(measure));
const results = { generatedAt: startedAt, base: `${base} (${git('rev-parse', '--short', base)})`, head: git('rev-parse', '--short', 'HEAD'), variants };
writeFileSync(join(repository, 'bench', 'changes.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(JSON.stringify(results, null, 2));
