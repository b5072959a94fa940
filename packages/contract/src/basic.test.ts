import { describe, expect, it } from 'vitest';
import { decodeBasicAuthorization, encodeBasicAuthorization } from './basic.ts';

const b64 = (text: string | Uint8Array): string =>
  btoa(Array.from(typeof text === 'string' ? new TextEncoder().encode(text) : text, (byte) => String.fromCharCode(byte)).join(''));
const basic = (text: string): string => `Basic ${b64(text)}`;

describe('decodeBasicAuthorization', () => {
  it('decodes the RFC 7617 example header', () => {
    expect(decodeBasicAuthorization('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==')).toEqual({
      username: 'Aladdin',
      password: 'open sesame',
    });
  });

  it.each(['basic', 'BASIC', 'bAsIc'])('accepts the scheme written as %s', (scheme) => {
    expect(decodeBasicAuthorization(`${scheme} ${b64('alice:s3cret')}`)).toEqual({ username: 'alice', password: 's3cret' });
  });

  it('splits at the first colon so the password may contain colons', () => {
    expect(decodeBasicAuthorization(basic('alice:pa:ss:word:'))).toEqual({ username: 'alice', password: 'pa:ss:word:' });
  });

  it('decodes a unicode username and password as UTF-8', () => {
    expect(decodeBasicAuthorization(basic('jörg:pässwörd🔑'))).toEqual({ username: 'jörg', password: 'pässwörd🔑' });
  });

  it('tolerates extra spaces around the credentials', () => {
    expect(decodeBasicAuthorization(`Basic   ${b64('alice:pw')}  `)).toEqual({ username: 'alice', password: 'pw' });
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
    ['invalid UTF-8 bytes', `Basic ${b64(new Uint8Array([0x61, 0x3a, 0xff, 0xfe]))}`],
    ['a 50 KB header', basic(`alice:${'a'.repeat(50 * 1024)}`)],
    ['two tokens after the scheme', 'Basic a b'],
    ['trailing junk after valid credentials', `${basic('alice:pw')} extra`],
    ['a tab instead of a space', `Basic\t${b64('alice:pw')}`],
  ])('returns undefined for %s', (_label, header) => {
    expect(decodeBasicAuthorization(header)).toBeUndefined();
  });
});

describe('encodeBasicAuthorization', () => {
  it('builds the RFC 7617 example header', () => {
    expect(encodeBasicAuthorization('Aladdin', 'open sesame')).toBe('Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==');
  });

  it.each([
    { username: 'alice', password: 's3cret' },
    { username: 'alice', password: 'pa:ss:word' },
    { username: 'jörg', password: 'pässwörd🔑' },
    { username: 'bob', password: '' },
  ])('round-trips through decodeBasicAuthorization for $username / "$password"', (credentials) => {
    expect(decodeBasicAuthorization(encodeBasicAuthorization(credentials.username, credentials.password))).toEqual(credentials);
  });

  it('only encodes, so anyone who sees the header can read the password', () => {
    const header = encodeBasicAuthorization('alice', 'hunter2');
    const decoded = new TextDecoder().decode(Uint8Array.from(atob(header.slice('Basic '.length)), (char) => char.charCodeAt(0)));
    expect(decoded).toBe('alice:hunter2');
  });
});
