import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataDir } from '@authlab/lab-files';
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

  it('finds the data directory the way the exercise runner does, so both use the same one', () => {
    for (const env of [{}, { AUTHLAB_DATA_DIR: 'tmp/lab', INIT_CWD: '/home/me/authlab' }, { AUTHLAB_DATA_DIR: '/srv/lab' }]) {
      expect(readDataDir(env)).toBe(readEnv(env).dataDir);
    }
  });

  it('only allows remote binding when asked with AUTHLAB_ALLOW_REMOTE=1', () => {
    expect(readEnv({ AUTHLAB_ALLOW_REMOTE: 'yes' }).remoteAllowed).toBe(false);
    expect(readEnv({ AUTHLAB_ALLOW_REMOTE: '1' }).remoteAllowed).toBe(true);
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '70000'],
    ['AUTHLAB_BCRYPT_COST', '9'],
    ['AUTHLAB_BCRYPT_COST', '16'],
  ])('refuses %s=%s with a readable message', (name, value) => {
    expect(() => readEnv({ [name]: value })).toThrow(new RegExp(name));
  });
});

describe('HTTPS', () => {
  it('is off by default', () => {
    expect(readEnv({}).https).toBe(false);
  });

  it('is switched on by AUTHLAB_HTTPS=1 or by --https on the command line', () => {
    expect(readEnv({ AUTHLAB_HTTPS: '1' }).https).toBe(true);
    expect(readEnv({}, ['--https']).https).toBe(true);
    expect(readEnv({ AUTHLAB_HTTPS: '0' }).https).toBe(false);
  });

  it.each(['true', 'yes', 'on'])('refuses AUTHLAB_HTTPS=%s rather than silently serving plain HTTP', (value) => {
    expect(() => readEnv({ AUTHLAB_HTTPS: value })).toThrow(/AUTHLAB_HTTPS must be 1/);
  });

  it('refuses a command-line option it does not know, naming it', () => {
    expect(() => readEnv({}, ['--http'])).toThrow(/Unknown option "--http"/);
  });
});

describe('AUTHLAB_ALLOWED_HOSTS', () => {
  it('is empty by default: IP addresses and localhost need no entry', () => {
    expect(readEnv({}).allowedHosts).toEqual([]);
  });

  it('reads comma-separated names, lower-cased, without a trailing dot', () => {
    expect(readEnv({ AUTHLAB_ALLOWED_HOSTS: ' Lab.Example.org , authlab.local.,' }).allowedHosts).toEqual(['lab.example.org', 'authlab.local']);
  });

  it.each(['http://lab.example.org', 'lab.example.org:3000', '*.example.org', '.example.org', 'lab example', '[::1]', 'lab/x'])(
    'refuses %s with a message that names the variable',
    (value) => {
      expect(() => readEnv({ AUTHLAB_ALLOWED_HOSTS: value })).toThrow(/AUTHLAB_ALLOWED_HOSTS must be comma-separated host names/);
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

  describe('classroom mode', () => {
    it('is off unless AUTHLAB_MODE=classroom, and refuses any other mode', () => {
      expect(readEnv({}).classroom).toBeUndefined();
      expect(readEnv({ AUTHLAB_MODE: 'classroom' }).classroom).toEqual({ idleHours: 24, maxWorkspaces: 200, publicOrigin: undefined, newClass: false });
      expect(() => readEnv({ AUTHLAB_MODE: 'class' })).toThrow(/AUTHLAB_MODE must be local or classroom/);
    });

    it('reads the idle time, the class size and the public origin, whose name it then answers to', () => {
      const env = readEnv({ AUTHLAB_MODE: 'classroom', AUTHLAB_IDLE_HOURS: '2.5', AUTHLAB_CLASS_SIZE: '40', AUTHLAB_PUBLIC_URL: 'https://Class.Example.org/' });
      expect(env.classroom).toEqual({ idleHours: 2.5, maxWorkspaces: 40, publicOrigin: 'https://class.example.org', newClass: false });
      expect(env.allowedHosts).toContain('class.example.org');
      for (const bad of ['ftp://class.example.org', 'https://class.example.org/lab', 'https://me:pw@class.example.org', 'class.example.org']) {
        expect(() => readEnv({ AUTHLAB_MODE: 'classroom', AUTHLAB_PUBLIC_URL: bad }), bad).toThrow(/AUTHLAB_PUBLIC_URL/);
      }
      expect(() => readEnv({ AUTHLAB_MODE: 'classroom', AUTHLAB_IDLE_HOURS: '0' })).toThrow(/AUTHLAB_IDLE_HOURS/);
      expect(() => readEnv({ AUTHLAB_MODE: 'classroom', AUTHLAB_CLASS_SIZE: '1.5' })).toThrow(/AUTHLAB_CLASS_SIZE/);
    });

    it('starts a new class only when asked with AUTHLAB_NEW_CLASS=1', () => {
      expect(readEnv({ AUTHLAB_MODE: 'classroom', AUTHLAB_NEW_CLASS: '1' }).classroom?.newClass).toBe(true);
      expect(() => readEnv({ AUTHLAB_MODE: 'classroom', AUTHLAB_NEW_CLASS: 'yes' })).toThrow(/AUTHLAB_NEW_CLASS/);
    });

    it('reads the shared database and Redis URLs, and never echoes a password in a refusal', () => {
      const env = readEnv({ AUTHLAB_DATABASE_URL: 'postgres://authlab:s3cret@db:5432/authlab', AUTHLAB_REDIS_URL: 'redis://:s3cret@cache:6379/0' });
      expect([env.databaseUrl, env.redisUrl]).toEqual(['postgres://authlab:s3cret@db:5432/authlab', 'redis://:s3cret@cache:6379/0']);
      expect([readEnv({}).databaseUrl, readEnv({}).redisUrl]).toEqual([undefined, undefined]);
      for (const [name, bad] of [
        ['AUTHLAB_DATABASE_URL', 'mysql://u:s3cret@db/authlab'],
        ['AUTHLAB_DATABASE_URL', 'authlab:s3cret@db'],
        ['AUTHLAB_REDIS_URL', 'http://:s3cret@cache'],
      ] as const) {
        expect(() => readEnv({ [name]: bad }), bad).toThrow(new RegExp(name));
        expect(() => readEnv({ [name]: bad }), bad).not.toThrow(/s3cret/);
      }
    });

    it('trusts a proxy only by hop count or address, never every sender of X-Forwarded-For', () => {
      expect(readEnv({ AUTHLAB_TRUST_PROXY: '1' }).trustProxy).toBe(1);
      expect(readEnv({ AUTHLAB_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback,10.0.0.0/8');
      for (const bad of ['true', '0', '11', '*', 'proxy.example.org', '10.0.0.0/8/1']) {
        expect(() => readEnv({ AUTHLAB_TRUST_PROXY: bad }), bad).toThrow(/AUTHLAB_TRUST_PROXY/);
      }
    });
  });
});
