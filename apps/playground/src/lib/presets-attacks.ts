/**
 * The forged and altered credentials the attack presets send. Each one must be refused by a
 * correct server; the stages that get this right show it, and the lesson explains why.
 */
import { alterOpaqueToken, decodeJWT, tamperJWTPayload, unsignedJWT } from '@authlab/contract';

/**
 * A JWT's payload edited to claim another user (`sub`), header and signature kept: the
 * signature no longer matches. An opaque token gets one character changed instead.
 */
export function tamperToken(token: string): { token: string; explain: string } {
  const decoded = decodeJWT(token);
  if (decoded === undefined) {
    return { token: alterOpaqueToken(token), explain: 'The last token with one character changed: the server has no session for it.' };
  }
  const sub = decoded.payload.sub === 'admin' ? 'root' : 'admin';
  return {
    token: tamperJWTPayload(token, { sub }) ?? token,
    explain: `The last JWT with its payload's sub changed to "${sub}", keeping the original signature: it no longer matches.`,
  };
}

/**
 * An unsigned `alg: none` token carrying the real token's claims, or plausible ones when there
 * is no token yet: the claims are fine, only the signature is missing.
 */
export function forgeUnsignedToken(options: { token: string | undefined; username: string; stage: string; nowSeconds: number }): string {
  const real = options.token === undefined ? undefined : decodeJWT(options.token);
  const claims = real?.payload ?? {
    sub: options.username,
    iss: 'authlab',
    aud: options.stage,
    iat: options.nowSeconds,
    exp: options.nowSeconds + 900,
  };
  return unsignedJWT(claims);
}

/** A name that is certainly not registered, yet still a valid username. */
export function unknownUsername(username: string): string {
  return `nobody-${username}`.slice(0, 32);
}
