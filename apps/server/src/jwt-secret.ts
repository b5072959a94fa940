import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MIN_JWT_SECRET_BYTES, generateJWTSecret } from '@authlab/auth-core';
import { restrictToOwner } from './owner-only.ts';
import type { LabDatabase } from './store/database.ts';

export const JWT_SECRET_FILE = 'jwt-secret.key';

/**
 * Returns the signing secret kept in the data directory, generating 256 random bits on first
 * start. The file is written whole under a temporary name and then linked into place, which
 * fails if the name exists: two processes starting at once cannot each keep a different secret,
 * and neither can read a half-written one.
 */
export function loadOrCreateJWTSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, JWT_SECRET_FILE);
  const draft = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const descriptor = openSync(draft, 'wx', 0o600);
  try {
    writeSync(descriptor, `${generateJWTSecret().toString('base64url')}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    linkSync(draft, file);
  } catch (error) {
    if (!isFileExists(error)) throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  // Someone may have loosened it by hand; a signing secret readable by others is a forged-token risk.
  restrictToOwner(file);
  return checkedSecret(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url'), file);
}

/**
 * The signing secret every process sharing `database` must use (several processes behind one
 * proxy sign and verify each other's tokens): the first to start generates it, the rest read it.
 */
export async function loadOrCreateSharedJWTSecret(database: LabDatabase): Promise<Buffer> {
  await database.db
    .insertInto('lab_secrets')
    .values({ name: 'jwt-secret', value: generateJWTSecret().toString('base64url') })
    .onConflict((conflict) => conflict.doNothing())
    .execute();
  const row = await database.db.selectFrom('lab_secrets').select('value').where('name', '=', 'jwt-secret').executeTakeFirstOrThrow();
  return checkedSecret(Buffer.from(row.value, 'base64url'), 'the lab_secrets table');
}

function checkedSecret(secret: Buffer, where: string): Buffer {
  if (secret.byteLength < MIN_JWT_SECRET_BYTES) {
    throw new Error(`${where} holds a ${secret.byteLength}-byte JWT secret; delete it to generate a ${MIN_JWT_SECRET_BYTES}-byte one`);
  }
  return secret;
}

function isFileExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST';
}
