import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { readApiDescription } from '@authlab/contract';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readApiDescriptionFile } from '@authlab/lab-files';
import { readOpenApiDocument, writeStarterDescription } from './api-file.ts';
import { summariseApiDescription } from './api-summary.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const scratch = (): string => {
  const dir = mkdtempSync(path.join(tmpdir(), 'authlab-init-'));
  dirs.push(dir);
  return dir;
};

describe('writeStarterDescription from an OpenAPI document', () => {
  it('writes the guess, read from a file or served over loopback, and lists what it guessed', async () => {
    const dir = scratch();
    const document = {
      openapi: '3.0.3',
      paths: {
        '/signup': { post: { requestBody: { content: { 'application/json': { schema: { properties: { username: {}, password: {} } } } } }, responses: { '201': {} } } },
        '/login': { post: { requestBody: { content: { 'application/json': { schema: { properties: { username: {}, password: {} } } } } }, responses: { '200': {} } } },
        '/me': { get: { security: [{ bearer: [] }], responses: { '200': {} } } },
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    };
    writeFileSync(path.join(dir, 'openapi.json'), JSON.stringify(document));
    const fromFile = await readOpenApiDocument('openapi.json', dir, () => undefined);
    const server = createServer((_request, response) => response.end(JSON.stringify(document)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const allowed: string[] = [];
    const served = await readOpenApiDocument(`http://127.0.0.1:${port}/openapi.json`, dir, (url) => void allowed.push(url.host));
    server.close();
    expect(served).toEqual(fromFile);
    expect(allowed).toEqual([`127.0.0.1:${port}`]);
    const written = await writeStarterDescription('guessed.yaml', dir, served);
    expect(readApiDescription(readFileSync(written.path, 'utf8'))).toMatchObject({ ok: true, description: { register: { path: '/signup' }, protected: { path: '/me' } } });
    expect(written.notes).toContain('register: POST /signup with a json body (username, password), success 201');
  });

  it('asks before reaching a URL, and refuses a file that is not a document', async () => {
    const dir = scratch();
    const refuse = (url: URL): void => {
      throw new Error(`${url.host} is not on this machine`);
    };
    await expect(readOpenApiDocument('https://api.example.com/openapi.json', dir, refuse)).rejects.toThrow('api.example.com is not on this machine');
    writeFileSync(path.join(dir, 'broken.yaml'), 'a: [');
    await expect(readOpenApiDocument('broken.yaml', dir, refuse)).rejects.toThrow(/neither JSON nor YAML/);
    await expect(readOpenApiDocument('.', dir, refuse)).rejects.toThrow(/not an OpenAPI document file/);
  });
});

describe('readOpenApiDocument', () => {
  it('stops reading an answer without a Content-Length past 2 MB, and hangs up', async () => {
    let hungUp = false;
    // A server that never stops sending, in chunks, with no length announced.
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, ' ');
      const pump = (): void => {
        while (!response.destroyed && response.write(chunk));
      };
      response.on('drain', pump);
      response.on('close', () => (hungUp = true));
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await expect(readOpenApiDocument(`http://127.0.0.1:${port}/openapi.json`, scratch(), () => undefined)).rejects.toThrow(/is larger than 2 MB: not an OpenAPI document/);
      await vi.waitFor(() => expect(hungUp).toBe(true));
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('says a YAML alias bomb is too many aliases, not a syntax error', async () => {
    const dir = scratch();
    const levels = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (const [index, name] of [...'bcdefghi'].entries()) levels.push(`${name}: &${name} [${Array(9).fill(`*${'abcdefghi'[index]}`).join(', ')}]`);
    writeFileSync(path.join(dir, 'bomb.yaml'), levels.join('\n'));
    await expect(readOpenApiDocument('bomb.yaml', dir, () => undefined)).rejects.toThrow(/^bomb\.yaml is refused: .*\(too many aliases\)$/);
  });
});

describe('writeStarterDescription', () => {
  it('writes a description that reads back as valid, pointing editors at the JSON Schema', async () => {
    const dir = scratch();
    const written = await writeStarterDescription('my-api.yaml', dir);
    expect(written.path).toBe(path.join(dir, 'my-api.yaml'));
    const text = readFileSync(written.path, 'utf8');
    expect(readApiDescription(text).ok).toBe(true);
    const schemaPath = /\$schema=(\S+)/.exec(text)?.[1] ?? '';
    expect(JSON.parse(readFileSync(path.resolve(dir, schemaPath), 'utf8'))).toMatchObject({ type: 'object' });
  });

  it('never overwrites a description that is already there', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'my-api.yaml'), 'edited by hand\n');
    await expect(writeStarterDescription('my-api.yaml', dir)).rejects.toThrow(/already exists/);
    expect(readFileSync(path.join(dir, 'my-api.yaml'), 'utf8')).toBe('edited by hand\n');
  });
});

describe('summariseApiDescription', () => {
  it('reads the starter back and says what AuthLab understood, step by step', async () => {
    const dir = scratch();
    await writeStarterDescription('my-api.yaml', dir);
    const read = await readApiDescriptionFile('my-api.yaml', dir);
    expect(read.ok && summariseApiDescription(read)).toEqual([
      'register  POST /register → 200 or 201',
      'login     POST /login → 200, token from json token',
      'protected GET /me with Authorization: Bearer {token}',
    ]);
  });
});
