import { describe, expect, it } from 'vitest';
import { createClassState } from './class-state.ts';

function classState(now = { ms: 0 }) {
  let changes = 0;
  const state = createClassState({ clock: () => now.ms, onChange: () => changes++ });
  return { state, changes: () => changes, now };
}

describe('class state', () => {
  it('accepts the join code however it is typed, and nothing else', () => {
    const { state } = classState();
    const code = state.joinCode ?? '';
    expect(code).toMatch(/^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/);
    expect(state.acceptsJoinCode(code)).toBe(true);
    expect(state.acceptsJoinCode(` ${code.toLowerCase().replace('-', ' ')} `)).toBe(true);
    expect(state.acceptsJoinCode(code.slice(0, -1))).toBe(false);
    expect(state.acceptsJoinCode('')).toBe(false);
  });

  it('refuses the old code after a rotation and every code once joining is closed', () => {
    const { state, changes } = classState();
    const old = state.joinCode ?? '';
    state.rotateJoinCode();
    expect(state.acceptsJoinCode(old)).toBe(false);
    expect(state.acceptsJoinCode(state.joinCode ?? '')).toBe(true);
    const current = state.joinCode ?? '';
    state.closeJoining();
    expect(state.joinCode).toBeNull();
    expect(state.acceptsJoinCode(current)).toBe(false);
    expect(changes()).toBe(3);
  });

  it('spends an instructor secret once, and honours the session it gave until it expires', () => {
    const { state, now } = classState();
    const secret = state.issueInstructorSecret();
    expect(state.redeemInstructorSecret(`${secret}x`)).toBeUndefined();
    const session = state.redeemInstructorSecret(secret) ?? '';
    expect(session).not.toBe('');
    expect(state.redeemInstructorSecret(secret)).toBeUndefined();
    expect(state.isInstructor(session)).toBe(true);
    expect(state.isInstructor(secret)).toBe(false);
    expect(state.isInstructor('')).toBe(false);
    now.ms += 12 * 60 * 60 * 1000;
    expect(state.isInstructor(session)).toBe(false);
  });
});
