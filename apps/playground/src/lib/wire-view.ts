/**
 * How a sniffer's capture reads on screen: the victim's bytes line by line, with the line that
 * carries the credentials marked, and anything unprintable (TLS) shown as dots. Pure, tested beside this file.
 */

export interface WireLine {
  text: string;
  /** The Authorization header: what the sniffer came for. */
  secret: boolean;
}

/** At most this many lines: a request head fits, a TLS capture is summarised by its records instead. */
const MAX_LINES = 24;

export function wireLines(text: string): WireLine[] {
  const lines = text.split('\r\n');
  // The blank line that ends a request head, and anything after the last CRLF, say nothing.
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.slice(0, MAX_LINES).map((line) => ({
    text: printable(line),
    secret: /^authorization:/i.test(line),
  }));
}

/** Control and non-ASCII bytes as `·`, so ciphertext cannot garble the page. */
function printable(line: string): string {
  return line.replace(/[^\x20-\x7e]/g, '·');
}

/** `handshake ×1, change_cipher_spec ×1, application_data ×3`, in the order first seen. */
export function countRecordTypes(records: readonly { type: string }[]): string {
  const counts = new Map<string, number>();
  for (const record of records) counts.set(record.type, (counts.get(record.type) ?? 0) + 1);
  return [...counts].map(([type, count]) => `${type} ×${count}`).join(', ');
}
