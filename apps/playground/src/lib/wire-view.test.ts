import { describe, expect, it } from 'vitest';
import { countRecordTypes, wireLines } from './wire-view.ts';

describe('wireLines', () => {
  it('shows a captured request head line by line and marks the Authorization header', () => {
    const lines = wireLines('GET /api/stages/basic/records HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nAuthorization: Basic YWxpY2U6eA==\r\n\r\n');
    expect(lines).toEqual([
      { text: 'GET /api/stages/basic/records HTTP/1.1', secret: false },
      { text: 'Host: 127.0.0.1:3000', secret: false },
      { text: 'Authorization: Basic YWxpY2U6eA==', secret: true },
    ]);
  });

  it('turns ciphertext into dots rather than control characters', () => {
    expect(wireLines('\u0016\u0003\u0001\u0001Xabc\u00fd')).toEqual([{ text: '····Xabc·', secret: false }]);
  });
});

describe('countRecordTypes', () => {
  it('counts each record type in the order it first crossed the wire', () => {
    const records = [{ type: 'handshake' }, { type: 'change_cipher_spec' }, { type: 'application_data' }, { type: 'application_data' }];
    expect(countRecordTypes(records)).toBe('handshake ×1, change_cipher_spec ×1, application_data ×2');
  });
});
