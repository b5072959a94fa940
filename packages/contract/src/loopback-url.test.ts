import { describe, expect, it } from 'vitest';
import { isLoopback, readLoopbackURL } from './loopback-url.ts';

function problemOf(text: string): string | undefined {
  const read = readLoopbackURL(text);
  return read.ok ? undefined : read.problem;
}

describe('readLoopbackURL', () => {
  it.each(['http://127.0.0.1:8080', 'http://localhost:3000/api', 'https://[::1]:8443', 'http://127.1.2.3:1', 'http://LOCALHOST:65535', ' http://127.0.0.1:8080 '])(
    'accepts %s, an address on this machine',
    (text) => {
      expect(readLoopbackURL(text).ok).toBe(true);
    },
  );

  it('accepts the spellings the URL parser turns into 127.0.0.1', () => {
    const read = readLoopbackURL('http://2130706433:8080/');
    expect(read.ok && read.url.hostname).toBe('127.0.0.1');
  });

  it.each([
    ['a private address', 'http://10.0.0.1:8080'],
    ['a public name', 'http://example.com/'],
    ['a name that resolves to 127.0.0.1', 'http://127.0.0.1.nip.io:8080'],
    ['a subdomain of localhost', 'http://api.localhost:8080'],
    ['localhost with a trailing dot', 'http://localhost.:8080'],
    ['an IPv4-mapped IPv6 address', 'http://[::ffff:127.0.0.1]:8080'],
    ['the unspecified address', 'http://0.0.0.0:8080'],
  ])('refuses %s without looking it up', (_case, text) => {
    expect(problemOf(text)).toMatch(/is not this machine/);
  });

  it('refuses a user name or password in the URL', () => {
    expect(problemOf('http://user:pass@127.0.0.1:8080')).toMatch(/user name or password/);
    expect(problemOf('http://user@localhost:8080')).toMatch(/user name or password/);
  });

  it.each(['file:///etc/passwd', 'ftp://127.0.0.1/', 'javascript:alert(1)'])('refuses %s, which is not http or https', (text) => {
    expect(problemOf(text)).toMatch(/only http:\/\/ and https:\/\//);
  });

  it.each(['http://127.0.0.1:0', 'http://127.0.0.1:65536', 'http://127.0.0.1:99999', '127.0.0.1:8080 but not a URL', ''])(
    'refuses %j, which has no usable port or is no URL',
    (text) => {
      expect(problemOf(text)).toMatch(/port/);
    },
  );
});

describe('isLoopback', () => {
  it('accepts this machine only', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:5000', 'http://[::1]:8080']) expect(isLoopback(new URL(url)), url).toBe(true);
    for (const url of ['http://10.0.0.1', 'https://api.example.com', 'http://127.0.0.1.nip.io', 'http://[::ffff:a00:1]', 'http://0.0.0.0:8080']) {
      expect(isLoopback(new URL(url)), url).toBe(false);
    }
  });
});
