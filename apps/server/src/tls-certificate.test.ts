import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TLS_CERT_FILE, TLS_KEY_FILE, loadOrCreateTLSCertificate } from './tls-certificate.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'authlab-tls-'));
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

describe('loadOrCreateTLSCertificate', () => {
  it('generates a certificate on first use that covers localhost, 127.0.0.1, ::1 and the names asked for', async () => {
    const certificate = await loadOrCreateTLSCertificate({ dataDir, names: ['lab.example.org'] });
    const x509 = new X509Certificate(certificate.cert);
    expect(certificate.generated).toBe(true);
    for (const name of ['localhost', 'lab.example.org']) expect(x509.checkHost(name)).toBe(name);
    for (const ip of ['127.0.0.1', '::1']) expect(x509.checkIP(ip)).toBe(ip);
    expect(x509.checkHost('attacker.example')).toBeUndefined();
    expect(x509.ca).toBe(false);
    expect(certificate.fingerprint256).toBe(x509.fingerprint256);
    expect(certificate.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  it('keeps the private key readable by its owner only (0600)', async () => {
    await loadOrCreateTLSCertificate({ dataDir });
    expect(statSync(path.join(dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('puts a loosened key file back to 0600 on the next start', async () => {
    await loadOrCreateTLSCertificate({ dataDir });
    chmodSync(path.join(dataDir, TLS_KEY_FILE), 0o644);
    await loadOrCreateTLSCertificate({ dataDir });
    expect(statSync(path.join(dataDir, TLS_KEY_FILE)).mode & 0o777).toBe(0o600);
  });

  it('reuses the stored certificate on restart, so the browser exception a learner made still holds', async () => {
    const first = await loadOrCreateTLSCertificate({ dataDir, names: ['lab.example.org'] });
    const second = await loadOrCreateTLSCertificate({ dataDir, names: ['lab.example.org'] });
    expect(second).toMatchObject({ generated: false, fingerprint256: first.fingerprint256, key: first.key });
  });

  it('generates a new one when the stored one has expired', async () => {
    const old = await loadOrCreateTLSCertificate({ dataDir, now: () => Date.now() - 400 * DAY_MS });
    expect(old.validTo.getTime()).toBeLessThan(Date.now());
    const renewed = await loadOrCreateTLSCertificate({ dataDir });
    expect(renewed.generated).toBe(true);
    expect(renewed.fingerprint256).not.toBe(old.fingerprint256);
    expect(renewed.validTo.getTime()).toBeGreaterThan(Date.now() + 300 * DAY_MS);
  });

  it('generates a new one when the stored one is not valid yet (made while the clock ran ahead)', async () => {
    const early = await loadOrCreateTLSCertificate({ dataDir, now: () => Date.now() + 30 * DAY_MS });
    const renewed = await loadOrCreateTLSCertificate({ dataDir });
    expect(renewed.generated).toBe(true);
    expect(renewed.fingerprint256).not.toBe(early.fingerprint256);
  });

  it('renews a certificate a day before it runs out, not after', async () => {
    const first = await loadOrCreateTLSCertificate({ dataDir });
    const justBefore = first.validTo.getTime() - 2 * DAY_MS;
    expect((await loadOrCreateTLSCertificate({ dataDir, now: () => justBefore })).generated).toBe(false);
    expect((await loadOrCreateTLSCertificate({ dataDir, now: () => first.validTo.getTime() - DAY_MS / 2 })).generated).toBe(true);
  });

  it('generates a new one when a name it must cover was added', async () => {
    const first = await loadOrCreateTLSCertificate({ dataDir });
    const widened = await loadOrCreateTLSCertificate({ dataDir, names: ['authlab.local', '192.0.2.10'] });
    expect(widened.generated).toBe(true);
    expect(widened.fingerprint256).not.toBe(first.fingerprint256);
    const x509 = new X509Certificate(widened.cert);
    expect(x509.checkHost('authlab.local')).toBe('authlab.local');
    expect(x509.checkIP('192.0.2.10')).toBe('192.0.2.10');
  });

  it('replaces a key that does not belong to the certificate, or a file that is not a certificate', async () => {
    const first = await loadOrCreateTLSCertificate({ dataDir });
    const other = mkdtempSync(path.join(tmpdir(), 'authlab-tls-other-'));
    try {
      writeFileSync(path.join(dataDir, TLS_KEY_FILE), (await loadOrCreateTLSCertificate({ dataDir: other })).key);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
    const mended = await loadOrCreateTLSCertificate({ dataDir });
    expect(mended.generated).toBe(true);
    expect(mended.fingerprint256).not.toBe(first.fingerprint256);

    writeFileSync(path.join(dataDir, TLS_CERT_FILE), 'not a certificate');
    expect((await loadOrCreateTLSCertificate({ dataDir })).generated).toBe(true);
  });
});
