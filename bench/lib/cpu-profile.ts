/**
 * Attributes the samples of a V8 CPU profile (what `node --cpu-prof` writes,
 * here taken through `node:inspector`) to the parts of a lifecycle: XState's
 * runtime, the charts' own actions and guards, the kit, the protocol codec,
 * the transport, timers, garbage collection and the rest.
 *
 * Each sample is charged to the innermost frame on its stack whose source
 * decides a part: a function of node_modules/xstate is XState, one of
 * machines/ is the charts, and so on, found through the bundle's source map.
 * Frames that decide nothing are passed through to their caller: V8's
 * built-ins (`Array.prototype.push`, `Map.prototype.get`: no script) and the
 * shared size checks of protocol/limits.ts, so a chart guard's
 * `isStringWithin` counts for the charts and the decoder's for the codec.
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts a sample can be charged to, in the order the report lists them. */
export const PROFILE_CATEGORIES = {
  xstate: 'XState runtime (node_modules/xstate)',
  charts: "the charts' actions, guards and delays (machines/)",
  evaluator: 'the table evaluator (bench/lib/table-evaluator.ts)',
  kit: 'the kit (kit/)',
  codec: 'protocol codec (protocol/, but for the size checks)',
  transport: 'transport (adapters/: the in-memory network)',
  timers: "timers (Node's timer lists: setTimeout, clearTimeout, firing)",
  gc: 'garbage collection (V8, on the main thread)',
  driver: "the benchmark's own app (bench/lib: callbacks, bookkeeping)",
  node: 'Node internals (the microtask queue and other node: modules)',
  program: 'V8 native code outside JavaScript ("(program)")',
  other: 'anything else',
} as const;

export type ProfileCategory = keyof typeof PROFILE_CATEGORIES;

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
    readonly children?: readonly number[];
  }>;
  readonly startTime: number;
  readonly endTime: number;
  readonly samples: readonly number[];
}

export interface Attribution {
  /** Samples charged to each part; `(idle)` samples are left out of every figure. */
  readonly samples: Record<ProfileCategory, number>;
  readonly total: number;
  readonly idle: number;
  /** Microseconds the profile covered. */
  readonly durationMicroseconds: number;
  /** Self samples by function, `name (file)`, with the part it was charged to. */
  readonly functions: ReadonlyMap<string, { readonly category: ProfileCategory; readonly samples: number }>;
}

/** Which part a source file (relative to the repository root) belongs to; `undefined`: pass to the caller. */
export function categoryOfSource(file: string): ProfileCategory | undefined {
  const path = file.replaceAll('\\', '/');
  if (path.includes('node_modules/xstate/')) return 'xstate';
  if (path.startsWith('machines/')) return 'charts';
  if (path === 'bench/lib/table-evaluator.ts') return 'evaluator';
  if (path.startsWith('kit/') || path === 'index.ts') return 'kit';
  if (path === 'protocol/limits.ts') return undefined;
  if (path.startsWith('protocol/')) return 'codec';
  if (path.startsWith('adapters/')) return 'transport';
  if (path.startsWith('bench/')) return 'driver';
  return 'other';
}

/**
 * Maps a profile's script URLs to source files: scripts with a source map next to them (the bench's
 * esbuild bundles) are looked up position by position.
 */
export class SourceResolver {
  private readonly maps = new Map<string, { map: SourceMap; directory: string } | undefined>();

  constructor(private readonly repositoryRoot: string) {}

  /** The source file (relative to the repository root) of a function defined at `line`:`column` of `url`. */
  fileOf(url: string, line: number, column: number): string {
    if (!url.startsWith('file://')) return url;
    const path = fileURLToPath(url);
    if (!this.maps.has(url)) this.maps.set(url, this.load(path));
    const loaded = this.maps.get(url);
    if (loaded) {
      const entry = loaded.map.findEntry(line, column) as { originalSource?: string };
      if (entry.originalSource) {
        const original = entry.originalSource.startsWith('file://')
          ? fileURLToPath(entry.originalSource)
          : resolve(loaded.directory, entry.originalSource);
        return relative(this.repositoryRoot, original);
      }
    }
    return relative(this.repositoryRoot, path);
  }

  private load(path: string): { map: SourceMap; directory: string } | undefined {
    try {
      return { map: new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')) as never), directory: dirname(path) };
    } catch {
      return undefined;
    }
  }
}

/** Charges every sample of `profile` to one part (see the module's comment). */
export function attribute(profile: CpuProfile, resolver: SourceResolver): Attribution {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const ownCategory = new Map<number, ProfileCategory | 'idle' | undefined>();
  const ownLabel = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    let category: ProfileCategory | 'idle' | undefined;
    let file = url;
    if (functionName === '(garbage collector)') category = 'gc';
    else if (functionName === '(idle)') category = 'idle';
    else if (functionName === '(program)') category = 'program';
    else if (functionName === '(root)') category = 'other';
    else if (url === '') category = undefined;
    else if (url.startsWith('node:internal/timers') || url === 'node:timers') category = 'timers';
    else if (url.startsWith('node:')) category = 'node';
    else {
      file = resolver.fileOf(url, lineNumber, columnNumber);
      category = categoryOfSource(file);
    }
    ownCategory.set(node.id, category);
    ownLabel.set(node.id, `${functionName || '(anonymous)'} (${file || 'V8 built-in'})`);
  }

  const decided = new Map<number, ProfileCategory | 'idle'>();
  const categoryOf = (id: number): ProfileCategory | 'idle' => {
    const known = decided.get(id);
    if (known) return known;
    const own = ownCategory.get(id);
    const parent = parentOf.get(id);
    const category = own ?? (parent === undefined ? 'other' : categoryOf(parent));
    decided.set(id, category);
    return category;
  };

  const samples = Object.fromEntries(Object.keys(PROFILE_CATEGORIES).map((key) => [key, 0])) as Record<ProfileCategory, number>;
  const functions = new Map<string, { category: ProfileCategory; samples: number }>();
  let idle = 0;
  let total = 0;
  for (const id of profile.samples) {
    const category = categoryOf(id);
    if (category === 'idle') {
      idle++;
      continue;
    }
    total++;
    samples[category]++;
    const label = byId.has(id) ? (ownLabel.get(id) ?? '?') : '?';
    const entry = functions.get(label) ?? { category, samples: 0 };
    entry.samples++;
    functions.set(label, entry);
  }
  return { samples, total, idle, durationMicroseconds: profile.endTime - profile.startTime, functions };
}
