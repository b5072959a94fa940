import { describe, expect, it } from 'vitest';
import { classifyStored } from './slow-hash.ts';

const salt = 'N9qo8uLOickgx2ZMRZoMye';
const hash = 'IjZAgcfl7p92ldGxad68LJZdL17lhWy';

describe('classifyStored', () => {
  it('accepts bcrypt at cost 10 or more', () => {
    expect(classifyStored(`$2b$10$${salt}${hash}`)).toMatchObject({ scheme: 'bcrypt', slowEnough: true });
    expect(classifyStored(`$2a$12$${salt}${hash}`)).toMatchObject({ scheme: 'bcrypt', slowEnough: true });
  });

  it('refuses bcrypt below cost 10', () => {
    expect(classifyStored(`$2b$04$${salt}${hash}`)).toMatchObject({ scheme: 'bcrypt', slowEnough: false });
  });

  it('accepts argon2id and scrypt', () => {
    expect(classifyStored('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA').slowEnough).toBe(true);
    expect(classifyStored('$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA').slowEnough).toBe(true);
  });

  it('recognises a SHA-256 hex digest and plain text as too fast', () => {
    expect(classifyStored('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toMatchObject({
      scheme: 'sha256',
      slowEnough: false,
    });
    expect(classifyStored('hunter2')).toMatchObject({ scheme: 'unknown', slowEnough: false });
  });
});
