import { describe, expect, it } from 'vitest';
import { findAuthorizationHeader, isWireCapture } from './wire.ts';

describe('findAuthorizationHeader', () => {
  it('reads the header off captured HTTP/1.1 bytes, whatever its case', () => {
    const wire = 'GET /api/stages/basic/records HTTP/1.1\r\nHost: 127.0.0.1:3000\r\nauthorization:  Basic YWxpY2U6eA==\r\nConnection: close\r\n\r\n';
    expect(findAuthorizationHeader(wire)).toBe('Basic YWxpY2U6eA==');
  });

  it('does not take a line of the body, or the request line, for a header', () => {
    expect(findAuthorizationHeader('POST /x HTTP/1.1\r\nHost: a\r\n\r\nAuthorization: Basic eA==')).toBeUndefined();
    expect(findAuthorizationHeader('Authorization: Basic eA== HTTP/1.1\r\nHost: a\r\n\r\n')).toBeUndefined();
  });

  it('finds nothing in TLS records', () => {
    const records = String.fromCharCode(0x16, 0x03, 0x01, 0x01, 0x58, 0x01, 0x00, 0x01, 0x54, 0x03, 0x03, 0xfd, 0x3a);
    expect(findAuthorizationHeader(records)).toBeUndefined();
  });
});

describe('isWireCapture', () => {
  it('accepts the server’s answer and refuses an error body', () => {
    const capture = { transport: 'https', victimStatus: 200, totalBytes: 5, keptBytes: 5, truncated: false, text: '', tlsRecords: [], hexPreview: '' };
    expect(isWireCapture(capture)).toBe(true);
    expect(isWireCapture({ error: 'The sniffer is only available from this machine', code: 'local_only' })).toBe(false);
  });
});
