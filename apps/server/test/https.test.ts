import { createStageTarget, isWireCapture, type WireCapture } from '@authlab/contract';
import { request as httpsRequest } from 'node:https';
import { connect, type AddressInfo } from 'node:net';
import { getAttack } from '@authlab/attacks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHTTPServer } from '../src/http-server.ts';
import { loadOrCreateTLSCertificate, type TLSCertificate } from '../src/tls-certificate.ts';
import { GOOD_PASSWORD, basicHeader, createTestApp, type TestApp } from './helpers.ts';
import { fetchTrusting } from './tls-fetch.ts';

/**
 * The lab as `npm start -- --https` serves it: a real TLS server on loopback with the certificate
 * generated on first use, and the same guards, errors and sniffer as over plain HTTP.
 */
let lab: TestApp;
let origin: string;
let port: number;
let certificate: TLSCertificate;
let fetchTLS: typeof fetch;
let stop: () => Promise<void>;

beforeAll(async () => {
  lab = createTestApp();
  certificate = await loadOrCreateTLSCertificate({ dataDir: lab.dataDir });
  const server = createHTTPServer(lab.app, { tls: certificate });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  origin = `https://127.0.0.1:${port}`;
  fetchTLS = fetchTrusting(certificate.cert);
  stop = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(async () => {
  await stop();
  lab.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetchTLS(`${origin}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

describe('the lab over HTTPS', () => {
  it('answers /api/health over TLS to a client that checks the generated certificate', async () => {
    const response = await fetchTLS(`${origin}/api/health`);
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 200, body: { status: 'ok' } });
  });

  it('is refused by a client that trusts only real certificate authorities, as a browser warns', async () => {
    await expect(fetch(`${origin}/api/health`)).rejects.toThrow();
  });

  it('answers an oversized header with 431 JSON inside TLS, as over plain HTTP', async () => {
    const response = await fetchTLS(`${origin}/api/stages/jwt/records`, { headers: { Authorization: `Bearer ${'x'.repeat(50_000)}` } });
    expect(response.status).toBe(431);
    expect(await response.json()).toEqual({ error: 'Request headers are too large', code: 'headers_too_large' });
  });

  it('takes its own https:// origin as its own and refuses the http:// one on the same port', async () => {
    expect((await post('/api/stages/plaintext/reset', {}, { Origin: origin })).status).toBe(204);
    const refused = await post('/api/stages/plaintext/reset', {}, { Origin: `http://127.0.0.1:${port}` });
    expect({ status: refused.status, code: ((await refused.json()) as { code: string }).code }).toEqual({ status: 403, code: 'cross_site_request' });
  });

  it('refuses a rebinding host name over TLS too, even from a browser told to ignore the name mismatch', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const outgoing = httpsRequest(
        `${origin}/api/stages/plaintext/breach`,
        // The certificate does not name attacker.example; a learner who clicked through the warning gets this far.
        { headers: { Host: 'attacker.example' }, ca: certificate.cert, checkServerIdentity: () => undefined, agent: false },
        (response) => resolve(response.resume().statusCode ?? 0),
      );
      outgoing.on('error', reject).end();
    });
    expect(status).toBe(421);
  });

  it('publishes https as its transport, and expects the Basic sniffer to read nothing', async () => {
    const basic = (await (await fetchTLS(`${origin}/api/stages/basic`)).json()) as { lab: { transport: string }; expectedAttacks: Record<string, string> };
    expect(basic.lab.transport).toBe('https');
    expect(basic.expectedAttacks['basic-sniffing']).toBe('refused');
  });
});

describe('POST /sniff over HTTPS: what a sniffer on the path sees', () => {
  it('captures only TLS records: no Authorization header, no credentials, in any form', async () => {
    await post('/api/stages/basic/register', { username: 'alice', password: GOOD_PASSWORD });
    const header = basicHeader('alice', GOOD_PASSWORD);
    const response = await post('/api/stages/basic/sniff', { authorization: header });
    const raw = await response.text();
    const capture = JSON.parse(raw) as WireCapture;
    expect(response.status).toBe(200);
    // The victim's request went through and was answered: the credentials were on that connection.
    expect(capture).toMatchObject({ transport: 'https', victimStatus: 200, truncated: false });
    expect(capture.tlsRecords[0]).toMatchObject({ type: 'handshake' });
    expect(capture.tlsRecords.map((record) => record.type)).toContain('application_data');
    // The records account for every captured byte: nothing outside them.
    expect(capture.tlsRecords.reduce((sum, record) => sum + 5 + record.length, 0)).toBe(capture.totalBytes);
    for (const secret of [/authorization/i, header.slice('Basic '.length), GOOD_PASSWORD, 'alice', '/records']) {
      expect(capture.text).not.toMatch(secret);
      expect(raw).not.toMatch(secret);
    }
  });

  it('lets the basic-sniffing attack read nothing, as the stage now expects', async () => {
    const target = createStageTarget(origin, 'basic', { fetch: fetchTLS });
    const result = await getAttack('basic-sniffing').run(target);
    expect(result.status).toBe((await target.describe()).expectedAttacks?.['basic-sniffing']);
    expect(result.status).toBe('refused');
    expect(isWireCapture(result.wire) && result.wire.transport).toBe('https');
    expect(result.findings).toContainEqual(expect.objectContaining({ subject: 'Authorization', value: 'not readable' }));
    expect(result.explanation).toMatch(/TLS records/);
  });
});

describe('a TLS client that never finishes its handshake', () => {
  it('is disconnected at the handshake timeout, not kept open for good', async () => {
    const server = createHTTPServer(lab.app, { tls: certificate, handshakeTimeoutMs: 300 });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port: stalledPort } = server.address() as AddressInfo;
    try {
      // One byte of a TLS record header, then silence: the handshake can never complete.
      const socket = connect(stalledPort, '127.0.0.1', () => socket.write(Buffer.from([0x16])));
      const closedAfterMs = await new Promise<number>((resolve, reject) => {
        const started = Date.now();
        socket.on('close', () => resolve(Date.now() - started));
        socket.on('error', () => undefined);
        setTimeout(() => reject(new Error('the server kept the stalled connection open')), 5_000);
      });
      expect(closedAfterMs).toBeGreaterThanOrEqual(250);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
