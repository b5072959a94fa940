import { describe, expect, it } from 'vitest';
import { basicAuthorization } from '@authlab/checks';
import { decodeBasicAuthorization } from './basic-header.ts';

describe('decodeBasicAuthorization', () => {
  it('turns a captured header back into the username and password: base64 hides nothing', () => {
    expect(decodeBasicAuthorization('Basic YWxpY2U6ZHJhZ29u')).toEqual({ username: 'alice', password: 'dragon' });
  });

  it('keeps colons in the password and reads UTF-8', () => {
    expect(decodeBasicAuthorization(basicAuthorization('zoë', 'a:b:ç 🔐'))).toEqual({ username: 'zoë', password: 'a:b:ç 🔐' });
  });

  it.each(['', 'Bearer abc', 'Basic', 'Basic !!!', `Basic ${btoa('no-colon')}`, `Basic ${btoa('\xff\xfe:x')}`])('returns undefined for %j', (header) => {
    expect(decodeBasicAuthorization(header)).toBeUndefined();
  });
});
