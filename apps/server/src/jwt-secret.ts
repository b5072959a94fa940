import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MIN_JWT_SECRET_BYTES, generateJWTSecret } from '@authlab/auth-core';
import { restrictToOwner } from './owner-only.ts';

export const JWT_SECRET_FILE = 'jwt-secret.key';

/**
 * Returns the signing secret kept in the data directory, generating 256 random bits on first
 * start. The file is created owner-only (0600) and exclusively, so two processes starting at
 * once cannot each write a different secret.
 */
export function loadOrCreateJWTSecret(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, JWT_SECRET_FILE);
  try {
    const descriptor = openSync(file, 'wx', 0o600);
    try {
      writeSync(descriptor, `${generateJWTSecret().toString('base64url')}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
  } catch (error) {
    if (!isFileExists(error)) throw error;
  }
  // Someone may have loosened it by hand; a signing secret readable by others is a forged-token risk.
  restrictToOwner(file);
  const secret = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64url');
  if (secret.byteLength < MIN_JWT_SECRET_BYTES) {
    throw new Error(`${file} holds ${secret.byteLength} bytes; delete it to generate a ${MIN_JWT_SECRET_BYTES}-byte secret`);
  }
  return secret;
}

function isFileExists(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'EEXIST';
}
