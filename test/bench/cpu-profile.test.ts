/**
 * How item 1's profile charges samples to the parts of a lifecycle
 * (bench/lib/cpu-profile.ts), on a hand-made profile.
 */
import { describe, expect, it } from 'vitest';
import { SourceResolver, attribute, categoryOfSource, type CpuProfile } from '../../bench/lib/cpu-profile.js';

const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber: 0, columnNumber: 0 },
  children,
});

describe('item 1 profile attribution', () => {
  it('places source files in their parts, and passes built-ins and size checks to their caller', () => {
    expect(categoryOfSource('node_modules/xstate/dist/raise-9de11213.cjs.js')).toBe('xstate');
    expect(categoryOfSource('machines/local-invitation.machine.ts')).toBe('charts');
    expect(categoryOfSource('kit/call-kit.ts')).toBe('kit');
    expect(categoryOfSource('protocol/codec.ts')).toBe('codec');
    expect(categoryOfSource('protocol/limits.ts')).toBeUndefined();
    expect(categoryOfSource('adapters/memory.ts')).toBe('transport');
    expect(categoryOfSource('bench/lib/table-evaluator.ts')).toBe('evaluator');
    expect(categoryOfSource('bench/lib/lifecycle-driver.ts')).toBe('driver');
  });

  it('charges each sample to the innermost frame that decides, and leaves idle samples out', () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, '(root)', '', [2, 6, 7, 8]),
        frame(2, 'macrostep', 'file:///repo/node_modules/xstate/dist/xstate.js', [3]),
        frame(3, 'hasInvalidArgument', 'file:///repo/machines/local-invitation.machine.ts', [4]),
        frame(4, 'isStringWithin', 'file:///repo/protocol/limits.ts', [5]),
        frame(5, 'charCodeAt', ''),
        frame(6, '(garbage collector)', ''),
        frame(7, '(idle)', ''),
        frame(8, 'listOnTimeout', 'node:internal/timers'),
      ],
      startTime: 0,
      endTime: 1000,
      samples: [2, 5, 5, 4, 6, 7, 8],
    };
    const attribution = attribute(profile, new SourceResolver('/repo'));
    expect(attribution.total).toBe(6);
    expect(attribution.idle).toBe(1);
    expect(attribution.samples.xstate).toBe(1);
    expect(attribution.samples.charts).toBe(3);
    expect(attribution.samples.gc).toBe(1);
    expect(attribution.samples.timers).toBe(1);
    expect(attribution.functions.get('charCodeAt (V8 built-in)')).toEqual({ category: 'charts', samples: 2 });
  });
});
