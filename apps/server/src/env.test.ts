import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isLoopback, readEnv } from './env.ts';

describe('readEnv', () => {
  it('defaults to loopback, port 3000, cost 12 and .data at the repository root', () => {
    const env = readEnv({});
    expect(env).toMatchObject({ host: '127.0.0.1', port: 3000, bcryptCost: 12, remoteAllowed: false });
    expect(env.dataDir).toBe(path.resolve(import.meta.dirname, '../../../.data'));
  });

  it('resolves a relative data directory from where npm was started', () => {
    expect(readEnv({ AUTHLAB_DATA_DIR: 'tmp/lab', INIT_CWD: '/home/me/authlab' }).dataDir).toBe('/home/me/authlab/tmp/lab');
  });

  it('only allows remote binding when asked with AUTHLAB_ALLOW_REMOTE=1', () => {
    expect(readEnv({ AUTHLAB_ALLOW_REMOTE: 'yes' }).remoteAllowed).toBe(false);
    expect(readEnv({ AUTHLAB_ALLOW_REMOTE: '1' }).remoteAllowed).toBe(true);
  });

  it.each([['PORT', 'http'], ['PORT', '70000'], ['AUTHLAB_BCRYPT_COST', '9'], ['AUTHLAB_BCRYPT_COST', '16']])(
    'refuses %s=%s with a readable message',
    (name, value) => {
      expect(() => readEnv({ [name]: value })).toThrow(new RegExp(name));
    },
  );
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1'])('treats %s as loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });

  it.each(['0.0.0.0', '::', '192.168.1.10', '127.0.0.1.example.com'])('treats %s as reachable from elsewhere', (host) => {
    expect(isLoopback(host)).toBe(false);
  });
});
