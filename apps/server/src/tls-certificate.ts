import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import path from 'node:path';
import { generate } from 'selfsigned';
import { restrictToOwner } from './owner-only.ts';

export const TLS_KEY_FILE = 'tls-key.pem';
export const TLS_CERT_FILE = 'tls-cert.pem';

/** A year, like most local development certificates; renewed a day before it runs out. */
const VALIDITY_DAYS = 365;
const RENEW_BEFORE_MS = 24 * 60 * 60 * 1000;
/** Always covered: the names a browser on this machine uses to reach the lab. */
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

export interface TLSCertificateOptions {
  dataDir: string;
  /** Host names and IP addresses the certificate must cover besides localhost, 127.0.0.1 and ::1. */
  names?: readonly string[];
  /** Milliseconds since the epoch; tests move it to age a certificate. */
  now?: () => number;
}

export interface TLSCertificate {
  /** PEM. */
  key: string;
  /** PEM. */
  cert: string;
  /** What a browser shows as the certificate's SHA-256 fingerprint, `AB:CD:…`. */
  fingerprint256: string;
  validTo: Date;
  /** True when this call generated it (first start, expired, or a name it must cover was missing). */
  generated: boolean;
}

/**
 * The lab's self-signed certificate, kept in the data directory so a learner who told the
 * browser to accept it once is not asked again on every restart. Generated on first use, and
 * again when it is about to expire or does not cover a name it must (a new AUTHLAB_ALLOWED_HOSTS
 * entry). Never downloaded: the key is made here and never leaves this machine.
 */
export async function loadOrCreateTLSCertificate(options: TLSCertificateOptions): Promise<TLSCertificate> {
  const now = options.now ?? Date.now;
  const names = [...new Set([...LOOPBACK_NAMES, ...(options.names ?? [])])];
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const keyFile = path.join(options.dataDir, TLS_KEY_FILE);
  const certFile = path.join(options.dataDir, TLS_CERT_FILE);

  const stored = readStored(keyFile, certFile);
  if (stored !== undefined && isUsable(stored.x509, stored.key, names, now())) {
    // Someone may have loosened it by hand; with the key, anyone could impersonate the lab.
    restrictToOwner(keyFile);
    return describe(stored.key, stored.cert, { generated: false });
  }

  const notBefore = new Date(now() - 60_000);
  const notAfter = new Date(notBefore.getTime() + VALIDITY_DAYS * 24 * 60 * 60 * 1000);
  const pems = await generate([{ name: 'commonName', value: 'AuthLab local certificate' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((name) => (isIP(name) === 0 ? { type: 2, value: name } : { type: 7, ip: name })) },
    ],
  });
  // The key first: a crash between the two renames leaves a pair that does not match, which the
  // next start detects and replaces, rather than a new certificate beside an old key.
  writeAtomically(keyFile, pems.private, 0o600);
  writeAtomically(certFile, pems.cert, 0o644);
  return describe(pems.private, pems.cert, { generated: true });
}

interface Stored {
  key: string;
  cert: string;
  x509: X509Certificate;
}

function readStored(keyFile: string, certFile: string): Stored | undefined {
  try {
    const cert = readFileSync(certFile, 'utf8');
    return { key: readFileSync(keyFile, 'utf8'), cert, x509: new X509Certificate(cert) };
  } catch {
    // Missing or unreadable as a certificate: generate a new one rather than refuse to start.
    return undefined;
  }
}

function isUsable(x509: X509Certificate, key: string, names: readonly string[], nowMs: number): boolean {
  if (new Date(x509.validTo).getTime() - RENEW_BEFORE_MS <= nowMs) return false;
  // Made on a machine whose clock ran ahead: every client would call it "not yet valid".
  if (new Date(x509.validFrom).getTime() > nowMs) return false;
  if (!names.every((name) => (isIP(name) === 0 ? x509.checkHost(name) !== undefined : x509.checkIP(name) !== undefined))) return false;
  try {
    // A pair that matches can still be one TLS refuses to load (an RSA key too small, say).
    createSecureContext({ key, cert: x509.toString() });
    return x509.checkPrivateKey(createPrivateKey(key));
  } catch {
    return false;
  }
}

function describe(key: string, cert: string, { generated }: { generated: boolean }): TLSCertificate {
  const x509 = new X509Certificate(cert);
  return { key, cert, fingerprint256: x509.fingerprint256, validTo: new Date(x509.validTo), generated };
}

function writeAtomically(file: string, contents: string, mode: number): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, contents, { mode, flag: 'w' });
  renameSync(temporary, file);
}
