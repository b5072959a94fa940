import { isIP } from 'node:net';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { HttpError } from './http-error.ts';
import { countHeader } from './raw-headers.ts';

/**
 * DNS rebinding: a page on attacker.example re-points its own name at 127.0.0.1, and the
 * learner's browser then treats the lab as part of the attacker's site, free to read `/breach`
 * and switch instructor mistakes on. The browser still sends `Host: attacker.example`, so the
 * lab answers only the names it is really reached by, as Vite's dev server does
 * (`server.allowedHosts`): IP literals, which cannot be rebound, `localhost` and `*.localhost`,
 * which browsers resolve to loopback themselves, and the names in AUTHLAB_ALLOWED_HOSTS.
 */

export interface HostGuardOptions {
  /** Host names to answer besides the defaults, e.g. from AUTHLAB_ALLOWED_HOSTS. */
  allowedHosts: readonly string[];
}

export function createHostGuard(options: HostGuardOptions): RequestHandler {
  const allowed = new Set(options.allowedHosts.map(normalizeHostName));
  return function hostGuard(req: Request, _res: Response, next: NextFunction): void {
    const hostName = hostNameOf(req.headers.host);
    // Exactly one name, and the same one everywhere the request gives it: with two Host headers
    // Node keeps the first while a proxy in front may have routed on the second, and a request
    // line in absolute form (`GET http://attacker.example/…`) names its target there instead.
    const oneName = countHeader(req, 'host') === 1 && absoluteFormAgrees(req, hostName);
    if (hostName !== undefined && oneName && isAllowedHostName(hostName, allowed)) {
      next();
      return;
    }
    // 421 Misdirected Request is RFC 9110's answer for a target URI the server is not configured
    // to serve. A 403 would read as "you may not"; this says "not this name", whoever asks.
    next(new HttpError(421, refusalMessage(hostName), { code: 'host_not_allowed', headers: { 'Cache-Control': 'no-store' } }));
  };
}

function absoluteFormAgrees(req: Request, hostName: string | undefined): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(req.originalUrl)) return true;
  try {
    return normalizeHostName(new URL(req.originalUrl).host.replace(/:\d*$/, '')) === hostName;
  } catch {
    return false;
  }
}

/** True when `hostName` (lower-case, no port) is one the lab answers to. */
function isAllowedHostName(hostName: string, allowed: ReadonlySet<string>): boolean {
  // An IP address is not looked up in DNS, so it cannot be rebound.
  if (isIP(hostName.replace(/^\[(.*)\]$/, '$1')) !== 0) return true;
  // RFC 6761: browsers resolve these to loopback without asking DNS.
  if (hostName === 'localhost' || hostName.endsWith('.localhost')) return true;
  return allowed.has(hostName);
}

/**
 * The host of a `Host` header without its port: lower-case, without a trailing dot, IPv6 in
 * brackets. Undefined when the header is missing (HTTP/1.0) or malformed.
 */
function hostNameOf(header: string | undefined): string | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::\d{0,5})?$/i.exec(header?.trim() ?? '');
  if (match?.[1] === undefined) return undefined;
  const hostName = normalizeHostName(match[1]);
  return hostName === '' || hostName.startsWith('.') ? undefined : hostName;
}

/** `LocalHost.` and `localhost` are one name. */
function normalizeHostName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

function refusalMessage(hostName: string | undefined): string {
  if (hostName === undefined) {
    return 'The request has no usable Host header; this lab server answers only requests that name it.';
  }
  return (
    `This lab server does not answer to the host name "${hostName}" (a guard against DNS rebinding). ` +
    `If you serve it under that name on purpose, start it with AUTHLAB_ALLOWED_HOSTS=${hostName}.`
  );
}
