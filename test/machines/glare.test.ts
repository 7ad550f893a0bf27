import { describe, expect, it } from 'vitest';
import { glareWinner, resolveGlare } from '../../machines/glare.js';

describe('glareWinner', () => {
  it('picks the lower invitation id, and the lower caller id when the ids are equal', () => {
    expect(glareWinner({ id: 'b', callerId: 'alice' }, { id: 'a', callerId: 'bob' })).toEqual({ id: 'a', callerId: 'bob' });
    expect(glareWinner({ id: 'a', callerId: 'bob' }, { id: 'a', callerId: 'alice' })).toEqual({ id: 'a', callerId: 'alice' });
  });
});

describe('resolveGlare, on a device of alice', () => {
  const toBob = (id: string, calling = true) => ({ id, calleeId: 'bob', calling });

  it('lets the incoming invitation ring when nothing crosses it', () => {
    expect(resolveGlare('alice', { id: 'm', callerId: 'bob' }, [])).toEqual({ incomingLoses: false, outgoingLosers: [] });
    // Not calling any more (answered or ended), or calling someone else: no crossing.
    expect(resolveGlare('alice', { id: 'm', callerId: 'bob' }, [toBob('a', false), { id: 'b', calleeId: 'carol', calling: true }])).toEqual({
      incomingLoses: false,
      outgoingLosers: [],
    });
  });

  it('ends the incoming invitation when an outgoing one to its caller has the lower id', () => {
    expect(resolveGlare('alice', { id: 'm', callerId: 'bob' }, [toBob('a')])).toEqual({ incomingLoses: true, outgoingLosers: [] });
  });

  it('ends every crossing outgoing invitation when the incoming one has the lowest id', () => {
    expect(resolveGlare('alice', { id: 'a', callerId: 'bob' }, [toBob('m'), toBob('z'), toBob('c', false)])).toEqual({
      incomingLoses: false,
      outgoingLosers: ['m', 'z'],
    });
  });

  it('breaks a tie of ids by the lower caller id', () => {
    expect(resolveGlare('alice', { id: 'x', callerId: 'bob' }, [toBob('x')]).incomingLoses).toBe(true);
    expect(resolveGlare('bob', { id: 'x', callerId: 'alice' }, [{ id: 'x', calleeId: 'alice', calling: true }])).toEqual({
      incomingLoses: false,
      outgoingLosers: ['x'],
    });
  });

  it('never takes a call to oneself for glare', () => {
    expect(resolveGlare('alice', { id: 'a', callerId: 'alice' }, [{ id: 'm', calleeId: 'alice', calling: true }])).toEqual({
      incomingLoses: false,
      outgoingLosers: [],
    });
  });
});
