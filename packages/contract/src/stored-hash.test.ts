import { describe, expect, it } from 'vitest';
import { classifyStored, parseBcrypt } from './stored-hash.ts';

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

  it('accepts scrypt', () => {
    expect(classifyStored('$scrypt$ln=17,r=8,p=1$c2FsdA$aGFzaA').slowEnough).toBe(true);
  });

  const ARGON2ID = '$argon2id$v=19$m=19456,t=2,p=1$V2LRqQ5LBE5Ivw1eTNBe4w$1Wr6MfLcWrQp7T2uAzcUQjCyAmMG2KJ/Q/YnCS8NWVE';

  it("accepts Argon2id at OWASP's summary setting and names its parameters", () => {
    expect(classifyStored(ARGON2ID)).toEqual({
      scheme: 'argon2id',
      slowEnough: true,
      detail: "Argon2id, m=19456 KiB (19 MiB), t=2, p=1: a memory-hard password hash at or above OWASP's minimum",
    });
  });

  it.each([
    ['46 MiB and 1 pass', 'm=47104,t=1,p=1'],
    ['7 MiB and 5 passes', 'm=7168,t=5,p=1'],
    ['more of both', 'm=65536,t=3,p=4'],
  ])('accepts Argon2id at another OWASP setting of equal strength: %s', (_label, parameters) => {
    expect(classifyStored(ARGON2ID.replace('m=19456,t=2,p=1', parameters)).slowEnough).toBe(true);
  });

  it.each([
    ['19 MiB but a single pass', 'm=19456,t=1,p=1'],
    ['2 passes over too little memory', 'm=12288,t=2,p=1'],
    ['a test-sized 1 MiB', 'm=1024,t=2,p=1'],
  ])('refuses Argon2id below every OWASP setting: %s', (_label, parameters) => {
    expect(classifyStored(ARGON2ID.replace('m=19456,t=2,p=1', parameters))).toMatchObject({ scheme: 'argon2id', slowEnough: false });
  });

  it('holds Argon2i to the settings OWASP allows it, and refuses Argon2d', () => {
    expect(classifyStored(ARGON2ID.replace('argon2id', 'argon2i'))).toMatchObject({ scheme: 'argon2i', slowEnough: false });
    expect(classifyStored(ARGON2ID.replace('argon2id', 'argon2i').replace('m=19456,t=2', 'm=12288,t=3')).slowEnough).toBe(true);
    expect(classifyStored(ARGON2ID.replace('argon2id', 'argon2d')).slowEnough).toBe(false);
  });

  it('does not mistake a truncated Argon2id string for a hash', () => {
    expect(classifyStored('$argon2id$v=19$m=19456,t=2,p=1$c2FsdA').scheme).toBe('unknown');
  });

  it('recognises a SHA-256 hex digest and plain text as too fast', () => {
    expect(classifyStored('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toMatchObject({
      scheme: 'sha256',
      slowEnough: false,
    });
    expect(classifyStored('hunter2')).toMatchObject({ scheme: 'unknown', slowEnough: false });
  });
});

describe('parseBcrypt', () => {
  it('splits a bcrypt string into version, cost, salt and hash', () => {
    expect(parseBcrypt(`$2b$12$${salt}${hash}`)).toEqual({ version: '2b', cost: 12, salt, hash });
  });

  it('refuses anything that is not exactly a bcrypt string with a cost bcrypt accepts', () => {
    expect(parseBcrypt('$2b$12$tooshort')).toBeUndefined();
    expect(parseBcrypt(`$2b$12$${salt}${hash}x`)).toBeUndefined();
    expect(parseBcrypt(`$2b$03$${salt}${hash}`)).toBeUndefined();
    expect(parseBcrypt(`$2b$32$${salt}${hash}`)).toBeUndefined();
    expect(parseBcrypt('5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8')).toBeUndefined();
  });
});
