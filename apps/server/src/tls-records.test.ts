import { describe, expect, it } from 'vitest';
import { hexPreview, readTLSRecords } from './tls-records.ts';

/** A record header (type, version, length) followed by `length` filler bytes. */
function record(type: number, version: number, length: number): number[] {
  return [type, version >> 8, version & 0xff, length >> 8, length & 0xff, ...Array<number>(length).fill(0xaa)];
}

describe('readTLSRecords', () => {
  it('names the type, version and length of each record header, as a sniffer reads them', () => {
    const bytes = Uint8Array.from([...record(22, 0x0301, 300), ...record(20, 0x0303, 1), ...record(23, 0x0303, 69), ...record(21, 0x0303, 2)]);
    expect(readTLSRecords(bytes)).toEqual([
      { type: 'handshake', version: 'TLS 1.0', length: 300 },
      { type: 'change_cipher_spec', version: 'TLS 1.2', length: 1 },
      { type: 'application_data', version: 'TLS 1.2', length: 69 },
      { type: 'alert', version: 'TLS 1.2', length: 2 },
    ]);
  });

  it('finds no records in plain HTTP', () => {
    expect(readTLSRecords(new TextEncoder().encode('GET /api/stages/basic/records HTTP/1.1\r\n\r\n'))).toEqual([]);
  });

  it('lists a record whose payload was cut off by the capture, and stops at a header cut in half', () => {
    const bytes = Uint8Array.from([...record(23, 0x0303, 100), 23, 3]).subarray(0, 50);
    expect(readTLSRecords(bytes)).toEqual([{ type: 'application_data', version: 'TLS 1.2', length: 100 }]);
  });

  it('stops at a length no TLS record can have', () => {
    expect(readTLSRecords(Uint8Array.from([23, 3, 3, 0xff, 0xff]))).toEqual([]);
  });

  it('lists at most maxRecords', () => {
    const bytes = Uint8Array.from(Array.from({ length: 10 }, () => record(23, 0x0303, 1)).flat());
    expect(readTLSRecords(bytes, 3)).toHaveLength(3);
  });
});

describe('hexPreview', () => {
  it('shows the first bytes in hex and says when there are more', () => {
    expect(hexPreview(Uint8Array.from([0x16, 0x03, 0x01]))).toBe('16 03 01');
    expect(hexPreview(Uint8Array.from([1, 2, 3, 4]), 2)).toBe('01 02 …');
  });
});
