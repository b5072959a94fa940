/**
 * The description of a learner's own API as a file: `npm run check -- --init my-api.yaml` writes
 * a commented starter, `npm run check -- --api my-api.yaml` says what AuthLab understood of it
 * (reading the file is lab-files' `readApiDescriptionFile`, shared with the attack lab).
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiDescriptionStarter, describeFromOpenApi, parseOpenApiText } from '@authlab/contract';

const SCHEMA = path.resolve(import.meta.dirname, '../../../docs/api-description.schema.json');

/**
 * Writes the starter to `file` (relative to `cwd`, where the learner typed the command) and
 * returns its full path. Never overwrites: a description someone has edited is theirs.
 */
export async function writeStarterDescription(file: string, cwd: string, fromOpenApi?: unknown): Promise<{ path: string; notes: string[] }> {
  const target = path.resolve(cwd, file);
  const schemaPath = path.relative(path.dirname(target), SCHEMA).split(path.sep).join('/');
  const guess = fromOpenApi === undefined ? undefined : describeFromOpenApi(fromOpenApi, schemaPath);
  try {
    await writeFile(target, guess?.yaml ?? apiDescriptionStarter(schemaPath), { flag: 'wx' });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST')
      throw new Error(`${target} already exists; choose another name or delete it first`, { cause: error });
    throw error;
  }
  return { path: target, notes: guess?.notes ?? [] };
}

/** An OpenAPI document is a few hundred kilobytes at most; a bigger answer is not one. */
const MAX_OPENAPI_BYTES = 2 * 1024 * 1024;
const OPENAPI_TIMEOUT_MS = 10_000;

/**
 * The answer's body as text, read as it arrives and given up past the limit: an answer without a
 * Content-Length (chunked) could otherwise fill the memory before anything measured it.
 */
async function cappedText(response: Response, url: URL): Promise<string> {
  const tooLarge = (): Error => new Error(`${url.href} is larger than ${MAX_OPENAPI_BYTES / 1024 / 1024} MB: not an OpenAPI document`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_OPENAPI_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  if (response.body === null) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const read = await reader.read().catch((error: unknown) => {
      throw new Error(`cannot read ${url.href}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    });
    if (read.done) return new TextDecoder().decode(Buffer.concat(chunks));
    bytes += read.value.byteLength;
    if (bytes > MAX_OPENAPI_BYTES) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
}

/**
 * Reads an OpenAPI document (JSON or YAML) from a URL the API serves, or from a file. The URL
 * must be allowed by `allowUrl` (loopback, unless the learner said otherwise).
 */
export async function readOpenApiDocument(source: string, cwd: string, allowUrl: (url: URL) => void): Promise<unknown> {
  let text: string;
  if (/^https?:\/\//i.test(source)) {
    const url = new URL(source);
    allowUrl(url);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(OPENAPI_TIMEOUT_MS), redirect: 'error' });
    } catch (error) {
      throw new Error(`cannot fetch ${url.href}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
    text = await cappedText(response, url);
  } else {
    const file = path.resolve(cwd, source);
    const info = await stat(file);
    if (!info.isFile() || info.size > MAX_OPENAPI_BYTES) throw new Error(`${file} is not an OpenAPI document file of at most 2 MB`);
    text = await readFile(file, 'utf8');
  }
  if (text.length > MAX_OPENAPI_BYTES) throw new Error(`${source} is larger than 2 MB: not an OpenAPI document`);
  return parseOpenApiText(text, source);
}
