import { describe, expect, it } from 'vitest';
import * as clock from './clock.ts';
import * as dummyHash from './dummy-hash.ts';
import * as index from './index.ts';
import * as jwt from './jwt.ts';
import * as jwtKeyPair from './jwt-key-pair.ts';
import * as lockout from './lockout.ts';
import * as password from './password.ts';
import * as passwordArgon2id from './password-argon2id.ts';
import * as passwordPolicy from './password-policy.ts';
import * as passwordRehash from './password-rehash.ts';
import * as refresh from './refresh.ts';
import * as sessionToken from './session-token.ts';
import * as timing from './timing.ts';

const modules = { clock, dummyHash, jwt, jwtKeyPair, lockout, password, passwordArgon2id, passwordPolicy, passwordRehash, refresh, sessionToken, timing };

describe('index', () => {
  it.each(Object.entries(modules))('re-exports every runtime export of %s unchanged', (_name, module) => {
    for (const [exportName, value] of Object.entries(module)) {
      expect(index, exportName).toHaveProperty(exportName);
      expect((index as Record<string, unknown>)[exportName], exportName).toBe(value);
    }
  });

  it('exports nothing that no module defines', () => {
    const defined = new Set(Object.values(modules).flatMap((module) => Object.keys(module)));
    expect(Object.keys(index).filter((name) => !defined.has(name))).toEqual([]);
  });
});
