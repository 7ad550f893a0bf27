import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { glareProperty, lossyMultiDeviceProperty, multiDeviceProperty } from './multi-device.js';
import { propertyParameters } from './run-settings.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('a callee with several devices (invariant 9)', () => {
  it('connects at most the one device the caller took, ends every other, and rings nowhere after the caller ended', async () => {
    await fc.assert(multiDeviceProperty(), propertyParameters(150));
  });

  it('never connects a device the caller did not take, even when messages are lost', async () => {
    await fc.assert(lossyMultiDeviceProperty(), propertyParameters(100));
  });
});

describe('glare (invariant 9)', () => {
  it('connects exactly one of two crossing calls, or neither, and the same on both sides', async () => {
    await fc.assert(glareProperty(), propertyParameters(150));
  });
});
