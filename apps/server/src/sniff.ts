import type { WireCapture, WireTransport } from '@authlab/contract';
import { X509Certificate } from 'node:crypto';
import { TLSSocket } from 'node:tls';
import type { Request } from 'express';
import { HttpError } from './http-error.ts';
import { isLoopbackAddress } from './lab-clock.ts';
import { hexPreview, readTLSRecords } from './tls-records.ts';
import { WireTapError, tapOneRequest } from './wire-tap.ts';

/** How this request reached the lab; the playground and the attacks read it as `lab.transport`. */
export function transportOf(req: Request): WireTransport {
  return req.socket instanceof TLSSocket ? 'https' : 'http';
}

export interface SniffOptions {
  /** The victim's request path on this server, e.g. `/api/stages/basic/records`. */
  path: string;
  /** The `Authorization` header the victim's client sends. */
  authorization: string;
  /** Classroom mode: the header that keeps the victim in the learner's workspace. Its values are starred out of the capture: the lesson is the Basic header, not the lab's own credential. */
  workspaceHeaders?: Record<string, string>;
}

/**
 * Replays a victim's request to this very server through a recording relay and returns what the
 * relay saw. The connection `req` arrived on ends at the server's own listening socket, so its
 * local address and port are where the lab listens (whatever port 0 picked) and its encryption
 * says which transport the lab serves: no hand-over from main.ts needed.
 */
export async function sniffOwnRequest(req: Request, options: SniffOptions): Promise<WireCapture> {
  const { localAddress, localPort } = req.socket;
  const host = localAddress?.replace(/^::ffff:/, '');
  // The relay and the victim stay on loopback, whatever address the lab also listens on.
  if (host === undefined || localPort === undefined || !isLoopbackAddress(host)) {
    throw new HttpError(403, 'The sniffer only works on a connection to this machine’s loopback address', { code: 'local_only' });
  }
  const transport = transportOf(req);
  const trustedCertificate = req.socket instanceof TLSSocket ? ownCertificate(req.socket) : undefined;
  const hostHeader = host.includes(':') ? `[${host}]:${localPort}` : `${host}:${localPort}`;
  try {
    const tapped = await tapOneRequest({
      upstream: { host, port: localPort },
      transport,
      ...(trustedCertificate === undefined ? {} : { trustedCertificate }),
      path: options.path,
      headers: { Host: hostHeader, Authorization: options.authorization, 'User-Agent': 'AuthLab victim', ...options.workspaceHeaders },
    });
    const captured = hideValues(tapped.captured, Object.values(options.workspaceHeaders ?? {}));
    return {
      transport,
      victimStatus: tapped.victimStatus,
      totalBytes: tapped.totalBytes,
      keptBytes: captured.length,
      truncated: captured.length < tapped.totalBytes,
      text: captured.toString('latin1'),
      tlsRecords: readTLSRecords(captured),
      hexPreview: hexPreview(captured),
    };
  } catch (error) {
    if (!(error instanceof WireTapError)) throw error;
    throw error.reason === 'timeout' ? new HttpError(504, error.message, { code: 'sniff_timeout' }) : new HttpError(502, error.message, { code: 'sniff_failed' });
  }
}

/** The bytes with every occurrence of each value replaced by as many asterisks (over TLS they never appear in clear). */
function hideValues(bytes: Buffer, values: readonly string[]): Buffer {
  let text = bytes.toString('latin1');
  for (const value of values) if (value !== '') text = text.replaceAll(value, '*'.repeat(value.length));
  return Buffer.from(text, 'latin1');
}

/** The certificate this TLS connection presented, as PEM: the victim trusts exactly the lab's own. */
function ownCertificate(socket: TLSSocket): string | undefined {
  const raw = socket.getCertificate();
  return raw !== null && 'raw' in raw && raw.raw !== undefined ? new X509Certificate(raw.raw).toString() : undefined;
}
