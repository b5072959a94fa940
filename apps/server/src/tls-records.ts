import type { TLSContentType, TLSRecordSummary } from '@authlab/contract';

/** RFC 8446 §5.1 and RFC 6520: the content type byte that opens every TLS record. */
const CONTENT_TYPES: Readonly<Record<number, TLSContentType>> = {
  20: 'change_cipher_spec',
  21: 'alert',
  22: 'handshake',
  23: 'application_data',
  24: 'heartbeat',
};

const VERSIONS: Readonly<Record<number, string>> = { 0x0301: 'TLS 1.0', 0x0302: 'TLS 1.1', 0x0303: 'TLS 1.2', 0x0304: 'TLS 1.3' };

/** A record carries at most 2^14 bytes of plaintext plus 256 of encryption overhead (RFC 8446 §5.2). */
const MAX_RECORD_LENGTH = 2 ** 14 + 256;
const HEADER_BYTES = 5;

/**
 * Reads record headers from the first byte on, as a sniffer would: type, version and length are
 * in the clear, the payload of every record after the ClientHello is not. Stops at the first bytes
 * that are not a TLS record header (plain HTTP gives an empty list) and after `maxRecords`.
 */
export function readTLSRecords(bytes: Uint8Array, maxRecords = 32): TLSRecordSummary[] {
  const records: TLSRecordSummary[] = [];
  let offset = 0;
  while (offset + HEADER_BYTES <= bytes.length && records.length < maxRecords) {
    const type = CONTENT_TYPES[bytes[offset] as number];
    const version = VERSIONS[((bytes[offset + 1] as number) << 8) | (bytes[offset + 2] as number)];
    const length = ((bytes[offset + 3] as number) << 8) | (bytes[offset + 4] as number);
    if (type === undefined || version === undefined || length > MAX_RECORD_LENGTH) break;
    records.push({ type, version, length });
    offset += HEADER_BYTES + length;
  }
  return records;
}

/** `16 03 01 02 00 …`: the first bytes, for a learner to compare with `GET /api…` in the clear. */
export function hexPreview(bytes: Uint8Array, maxBytes = 48): string {
  const shown = [...bytes.subarray(0, maxBytes)].map((byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > maxBytes ? `${shown} …` : shown;
}
