import path from 'node:path';

/**
 * deploy/Caddyfile run on this machine, as the tests and the bench run it: the scaled classroom's
 * proxy, with processes on loopback ports where compose.yaml has Docker's names. Free of vitest,
 * so the bench can use it too.
 */

/** The scaled classroom's proxy configuration, relative to the repository root: compose.yaml mounts it. */
export const DEPLOY_CADDYFILE = 'deploy/Caddyfile';

/** Caddy's own state and nothing from this environment but PATH: it must not touch the user's. */
export function caddyHome(scratch: string): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: scratch, XDG_DATA_HOME: path.join(scratch, 'data'), XDG_CONFIG_HOME: path.join(scratch, 'config') };
}

/** deploy/Caddyfile's settings for the site `localhost` on `ports`, on loopback only, in front of `upstreams` (`127.0.0.1:<port>` each). */
export function loopbackSite(upstreams: readonly string[], ports: { https: number; http: number }): Record<string, string> {
  return {
    AUTHLAB_UPSTREAMS: `to ${upstreams.join(' ')}`,
    AUTHLAB_SITE: 'localhost',
    AUTHLAB_BIND: '127.0.0.1',
    AUTHLAB_HTTPS_PORT: String(ports.https),
    AUTHLAB_HTTP_PORT: String(ports.http),
  };
}
