import { describe, expect, it } from 'vitest';
import { formatBasicAuthorization, parseBasicAuthorization } from './basic.ts';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const basic = (text: string): string => `Basic ${b64(text)}`;

describe('parseBasicAuthorization', () => {
  it('decodes the RFC 7617 example header', () => {
    expect(parseBasicAuthorization('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toEqual({
      username: 'Aladdin',
      password: 'open sesame',
    });
  });

  it.each(['basic', 'BASIC', 'bAsIc'])('accepts the scheme written as %s', (scheme) => {
    expect(parseBasicAuthorization(`${scheme} ${b64('alice:s3cret')}`)).toEqual({ username: 'alice', password: 's3cret' });
  });

  it('splits at the first colon so the password may contain colons', () => {
    expect(parseBasicAuthorization(basic('alice:pa:ss:word:'))).toEqual({ username: 'alice', password: 'pa:ss:word:' });
  });

  it('decodes a unicode username and password as UTF-8', () => {
    expect(parseBasicAuthorization(basic('jörg:pässwörd🔑'))).toEqual({ username: 'jörg', password: 'pässwörd🔑' });
  });

  it('tolerates extra spaces around the credentials', () => {
    expect(parseBasicAuthorization(`Basic   ${b64('alice:pw')}  `)).toEqual({ username: 'alice', password: 'pw' });
  });

  it.each([
    ['no header', undefined],
    ['an empty header', ''],
    ['the scheme alone', 'Basic'],
    ['the scheme and a space', 'Basic '],
    ['another scheme', 'Bearer x'],
    ['another scheme carrying valid credentials', `Bearer ${b64('alice:pw')}`],
    ['characters outside base64', 'Basic !!!!'],
    ['base64url characters', 'Basic YWxpY2U6cHc_-A=='],
    ['base64 of the wrong length', 'Basic YWxpY2U6cHc'],
    ['padding in the middle', 'Basic YQ==YWxp'],
    ['decoded text without a colon', basic('alice')],
    ['an empty username', basic(':password')],
    ['a NUL in the username', basic('alice\u0000:pw')],
    ['a NUL in the password', basic('alice:pw\u0000admin')],
    ['a newline in the password', basic('alice:pw\r\nX-Admin: 1')],
    ['a DEL character', basic('alice:pw\u007f')],
    ['invalid UTF-8 bytes', `Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`],
    ['a 50 KB header', basic(`alice:${'a'.repeat(50 * 1024)}`)],
    ['two tokens after the scheme', 'Basic a b'],
    ['trailing junk after valid credentials', `${basic('alice:pw')} extra`],
    ['a tab instead of a space', `Basic\t${b64('alice:pw')}`],
  ])('returns undefined for %s', (_label, header) => {
    expect(parseBasicAuthorization(header)).toBeUndefined();
  });
});

describe('formatBasicAuthorization', () => {
  it('builds the RFC 7617 example header', () => {
    expect(formatBasicAuthorization({ username: 'Aladdin', password: 'open sesame' })).toBe(
      'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==',
    );
  });

  it.each([
    { username: 'alice', password: 's3cret' },
    { username: 'alice', password: 'pa:ss:word' },
    { username: 'jörg', password: 'pässwörd🔑' },
    { username: 'bob', password: '' },
  ])('round-trips through parseBasicAuthorization for $username / "$password"', (credentials) => {
    expect(parseBasicAuthorization(formatBasicAuthorization(credentials))).toEqual(credentials);
  });

  it('only encodes, so anyone who sees the header can read the password', () => {
    const header = formatBasicAuthorization({ username: 'alice', password: 'hunter2' });
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    expect(decoded).toBe('alice:hunter2');
  });
});
