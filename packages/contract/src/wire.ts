/**
 * What a sniffer on the network path sees of one request: the lab server's `POST /sniff` sends
 * a victim's request through a recording relay and answers with this. The server builds
 * it; the attack lab and the playground read it.
 */

/** TLS record content types (RFC 8446 §5.1; heartbeat from RFC 6520). */
export type TLSContentType = 'change_cipher_spec' | 'alert' | 'handshake' | 'application_data' | 'heartbeat';

/** One TLS record header as it crosses the wire: all a sniffer learns without the keys. */
export interface TLSRecordSummary {
  type: TLSContentType;
  /** The record layer's version field, e.g. `TLS 1.2`; TLS 1.3 still writes 1.2 (or 1.0 in a first ClientHello) there. */
  version: string;
  /** Bytes of payload that follow the 5-byte header (encrypted in every record after the ClientHello). */
  length: number;
}

export const WIRE_TRANSPORTS = ['http', 'https'] as const;

export type WireTransport = (typeof WIRE_TRANSPORTS)[number];

export interface WireCapture {
  /** How the lab is served, and so how the victim's request travelled. */
  transport: WireTransport;
  /** The status the victim's own request got: the stage answered it normally. */
  victimStatus: number;
  /** Bytes that crossed from the victim's client to the server. */
  totalBytes: number;
  /** Bytes the sniffer kept (it keeps the first few kilobytes). */
  keptBytes: number;
  truncated: boolean;
  /** The kept bytes, one character per byte (latin1): readable for HTTP, noise for TLS. */
  text: string;
  /** The kept bytes read as TLS records from the first byte; empty when they are not TLS. */
  tlsRecords: TLSRecordSummary[];
  /** The first bytes in hex, `16 03 01 …`. */
  hexPreview: string;
}

/** The value of the first `Authorization` header line in captured HTTP/1.1 bytes, or undefined. */
export function findAuthorizationHeader(text: string): string | undefined {
  const head = text.split('\r\n\r\n', 1)[0] ?? '';
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0 && line.slice(0, colon).toLowerCase() === 'authorization') return line.slice(colon + 1).trim();
  }
  return undefined;
}

export function isWireCapture(value: unknown): value is WireCapture {
  if (typeof value !== 'object' || value === null) return false;
  const capture = value as Partial<Record<keyof WireCapture, unknown>>;
  return (
    (capture.transport === 'http' || capture.transport === 'https') &&
    typeof capture.victimStatus === 'number' &&
    typeof capture.totalBytes === 'number' &&
    typeof capture.keptBytes === 'number' &&
    typeof capture.truncated === 'boolean' &&
    typeof capture.text === 'string' &&
    Array.isArray(capture.tlsRecords) &&
    typeof capture.hexPreview === 'string'
  );
}
