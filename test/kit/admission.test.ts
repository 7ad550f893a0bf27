import { describe, expect, it } from 'vitest';
import { createInvitationAdmission, type AdmissionLimits } from '../../kit/admission.js';

function createClock(): { now: () => number; advance(ms: number): void } {
  let time = 1_000_000;
  return {
    now: () => time,
    advance(ms) {
      time += ms;
    },
  };
}

const unlimitedRate: AdmissionLimits = { maxHeld: 100, maxHeldPerCaller: 3, maxInvitesPerCallerPerSecond: Infinity };

describe('invitation admission', () => {
  it('holds at most maxHeldPerCaller from one caller, and lets the next one in once one is released', () => {
    const admission = createInvitationAdmission(unlimitedRate);
    expect([1, 2, 3, 4].map(() => admission.admit('mallory'))).toEqual([null, null, null, 'too-many-invitations-from-caller']);
    admission.release('mallory');
    expect(admission.admit('mallory')).toBeNull();
    expect(admission.admit('mallory')).toBe('too-many-invitations-from-caller');
  });

  it('lets other callers in while one caller is at its bound', () => {
    const admission = createInvitationAdmission(unlimitedRate);
    for (let index = 0; index < 50; index++) admission.admit('mallory');
    expect(admission.admit('alice')).toBeNull();
    expect(admission.admit('carol')).toBeNull();
  });

  it('holds at most maxHeld in total, whoever the callers are', () => {
    const admission = createInvitationAdmission({ ...unlimitedRate, maxHeld: 4 });
    const verdicts = ['a', 'b', 'c', 'd', 'e', 'f'].map((caller) => admission.admit(caller));
    expect(verdicts).toEqual([null, null, null, null, 'too-many-invitations', 'too-many-invitations']);
    admission.release('b');
    expect(admission.admit('f')).toBeNull();
  });

  it('ignores a release for a caller it holds nothing from', () => {
    const admission = createInvitationAdmission({ ...unlimitedRate, maxHeld: 1 });
    admission.release('nobody');
    expect(admission.admit('alice')).toBeNull();
    expect(admission.admit('bob')).toBe('too-many-invitations');
  });

  it('lets a burst of one second’s worth of invites in, then no more than the rate', () => {
    const clock = createClock();
    const admission = createInvitationAdmission({ maxHeld: 1000, maxHeldPerCaller: 1000, maxInvitesPerCallerPerSecond: 4 }, clock.now);
    const burst = Array.from({ length: 6 }, () => admission.admit('mallory'));
    expect(burst).toEqual([null, null, null, null, 'invite-rate-exceeded', 'invite-rate-exceeded']);
    clock.advance(249);
    expect(admission.admit('mallory')).toBe('invite-rate-exceeded');
    clock.advance(1);
    expect(admission.admit('mallory')).toBeNull();
    expect(admission.admit('mallory')).toBe('invite-rate-exceeded');
    // Over ten seconds at full speed, about rate × time get in.
    let admitted = 0;
    for (let step = 0; step < 10_000; step++) {
      clock.advance(1);
      if (admission.admit('mallory') === null) admitted++;
    }
    expect(admitted).toBe(40);
  });

  it('applies the rate to each caller on its own', () => {
    const clock = createClock();
    const admission = createInvitationAdmission({ maxHeld: 1000, maxHeldPerCaller: 1000, maxInvitesPerCallerPerSecond: 2 }, clock.now);
    admission.admit('mallory');
    admission.admit('mallory');
    expect(admission.admit('mallory')).toBe('invite-rate-exceeded');
    expect(admission.admit('alice')).toBeNull();
  });

  it('allows one invite per 1/rate seconds when the rate is below one per second', () => {
    const clock = createClock();
    const admission = createInvitationAdmission({ maxHeld: 10, maxHeldPerCaller: 10, maxInvitesPerCallerPerSecond: 0.5 }, clock.now);
    expect(admission.admit('alice')).toBeNull();
    clock.advance(1999);
    expect(admission.admit('alice')).toBe('invite-rate-exceeded');
    clock.advance(1);
    expect(admission.admit('alice')).toBeNull();
  });

  it('does not open the rate bound when the clock goes backwards', () => {
    const clock = createClock();
    const admission = createInvitationAdmission({ maxHeld: 10, maxHeldPerCaller: 10, maxInvitesPerCallerPerSecond: 1 }, clock.now);
    expect(admission.admit('alice')).toBeNull();
    clock.advance(-60_000);
    expect(admission.admit('alice')).toBe('invite-rate-exceeded');
  });

  it('counts an invite refused for being held too many against the rate all the same', () => {
    const clock = createClock();
    const admission = createInvitationAdmission({ maxHeld: 10, maxHeldPerCaller: 1, maxInvitesPerCallerPerSecond: 2 }, clock.now);
    expect(admission.admit('mallory')).toBeNull();
    expect(admission.admit('mallory')).toBe('too-many-invitations-from-caller');
    expect(admission.admit('mallory')).toBe('invite-rate-exceeded');
  });

  it('forgets everything on clear', () => {
    const admission = createInvitationAdmission({ maxHeld: 1, maxHeldPerCaller: 1, maxInvitesPerCallerPerSecond: 1 });
    admission.admit('alice');
    admission.clear();
    expect(admission.admit('alice')).toBeNull();
  });
});
