/**
 * How many runs each property gets, and how to replay one.
 *
 * `npm test` uses the base counts; `npm run test:deep` sets
 * CALL_INVITATION_NUM_RUNS_FACTOR=10. A failing property prints its seed and
 * path; set FC_SEED (and FC_PATH) to replay exactly that run.
 */
import type fc from 'fast-check';

function positiveNumberFromEnvironment(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number, got ${raw}`);
  return value;
}

/** The multiplier applied to every property's base number of runs. */
export const RUNS_FACTOR = positiveNumberFromEnvironment('CALL_INVITATION_NUM_RUNS_FACTOR', 1);

/** Parameters for `fc.assert`: scaled runs, and the seed and path from the environment when replaying. */
export function propertyParameters<T>(baseRuns: number): fc.Parameters<T> {
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    numRuns: Math.max(1, Math.round(baseRuns * RUNS_FACTOR)),
    ...(seed !== undefined && seed !== '' ? { seed: Number(seed) } : {}),
    ...(path !== undefined && path !== '' ? { path } : {}),
  };
}

/** Parameters for running a property against a mutant: a fixed seed, so detection is deterministic, and no shrinking. */
export function mutantParameters<T>(seed: number, numRuns: number): fc.Parameters<T> {
  return { seed, numRuns, endOnFailure: true };
}
