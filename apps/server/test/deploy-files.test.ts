import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '@authlab/lab-files';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { parse as parseYAML } from 'yaml';
import { BUNDLE_PATH } from '../scripts/bundle.ts';
import { readEnv } from '../src/env.ts';
import { DEPLOY_CADDYFILE } from './deploy-caddy.ts';
import { readDockerfile, stageEnv, type Stage } from './dockerfile.ts';
import { createTestApp } from './helpers.ts';

/**
 * Docker is not on the machines that run these tests, so the image is never built here. What
 * can drift between the deployment files (Dockerfile, compose.yaml, deploy/Caddyfile) and the
 * code is checked by reading them: the names, paths and ports each one relies on.
 */

interface ComposeService {
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  expose?: string[];
  deploy?: { replicas?: string | number };
}

const read = (file: string): string => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const compose = parseYAML(read('compose.yaml')) as { services: Record<string, ComposeService> };
const stages = readDockerfile(read('Dockerfile'));
const runtime = stages.at(-1) as Stage;
const caddyfile = read(DEPLOY_CADDYFILE);
const service = (name: string): ComposeService => compose.services[name] ?? {};

/** Names the server reads from its environment, from the source of the modules that read them. */
const SERVER_READS = new Set([
  ...[read('apps/server/src/env.ts'), read('packages/lab-files/src/data-dir.ts')].flatMap((source) =>
    [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)].map(([, name = '']) => name),
  ),
  // Read by Express (and the libraries it uses), not by env.ts.
  'NODE_ENV',
]);

/** compose's `${NAME}`, `${NAME:-default}` and `${NAME:?error}`, with `.env` standing in as `values`. */
function interpolate(value: string, values: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_match, name: string, kind: string | undefined, fallback: string) => {
    const given = values[name];
    if (given !== undefined && given !== '') return given;
    if (kind === '-') return fallback;
    throw new Error(`compose.yaml needs ${name}: ${fallback}`);
  });
}

/** What each AuthLab process gets: the image's ENV, then compose's environment, with .env's values. */
function processEnv(dotEnv: Record<string, string>): Record<string, string> {
  const fromCompose = Object.entries(service('authlab').environment ?? {}).map(([name, value]) => [name, interpolate(String(value), dotEnv)]);
  return { ...stageEnv(runtime), ...Object.fromEntries(fromCompose) };
}

describe('Dockerfile', () => {
  it('runs the bundle the build script writes, copied from the stage that builds it', () => {
    expect(runtime.instructions.find(({ keyword }) => keyword === 'CMD')?.exec).toEqual(['node', BUNDLE_PATH]);
    const copies = runtime.instructions.filter(({ keyword }) => keyword === 'COPY').map(({ text }) => text);
    expect(copies).toContain(`--from=build /app/${path.dirname(BUNDLE_PATH)} ${path.dirname(BUNDLE_PATH)}`);
    const build = stages.find(({ name }) => name === 'build');
    expect(build?.instructions.some(({ keyword, text }) => keyword === 'RUN' && text.includes('npm run build --workspace @authlab/server'))).toBe(true);
  });

  it("copies the playground's build where the server looks for it", () => {
    const playgroundDir = path.relative(REPO_ROOT, readEnv({}).playgroundDir);
    expect(runtime.instructions.map(({ text }) => text)).toContain(`--from=build /app/${playgroundDir} ${playgroundDir}`);
  });

  it("copies every node_modules folder of the production install that the bundle's imports are resolved from", () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { dev?: boolean }> };
    const bundleDir = path.dirname(BUNDLE_PATH);
    // "apps/server/node_modules/cookie" → "apps/server/": folders Node searches from the bundle's.
    const folders = new Set(
      Object.entries(lock.packages)
        .filter(([key, entry]) => key.includes('node_modules/') && entry.dev !== true)
        .map(([key]) => key.slice(0, key.indexOf('node_modules/')))
        .filter((prefix) => `${bundleDir}/`.startsWith(prefix)),
    );
    expect(folders).toContain('');
    const copies = runtime.instructions.filter(({ keyword }) => keyword === 'COPY').map(({ text }) => text);
    for (const folder of folders) expect(copies).toContain(`--from=production-dependencies /app/${folder}node_modules ${folder}node_modules`);
  });

  it("gives npm ci every workspace's package.json", () => {
    const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, unknown> };
    const workspaces = Object.keys(lock.packages).filter((key) => key !== '' && !key.includes('node_modules/'));
    const manifests = stages.find(({ name }) => name === 'manifests');
    const copied = manifests?.instructions.filter(({ keyword }) => keyword === 'COPY').map(({ text }) => text) ?? [];
    expect(workspaces.length).toBeGreaterThan(3);
    for (const workspace of workspaces) expect(copied).toContain(`${workspace}/package.json ${workspace}/`);
  });

  it('installs only production dependencies for the runtime', () => {
    const install = stages.find(({ name }) => name === 'production-dependencies')?.instructions.find(({ keyword }) => keyword === 'RUN');
    expect(install?.text).toMatch(/^npm ci --omit=dev --workspace @authlab\/server\b/);
  });

  it('runs as a user other than root', () => {
    const users = runtime.instructions.filter(({ keyword }) => keyword === 'USER').map(({ text }) => text);
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  it('checks its health on /api/health, at the port it exposes, which the server answers', async () => {
    const healthCheck = runtime.instructions.find(({ keyword }) => keyword === 'HEALTHCHECK');
    expect(healthCheck?.exec?.join(' ')).toContain("'http://127.0.0.1:' + process.env.PORT + '/api/health'");
    expect(runtime.instructions.find(({ keyword }) => keyword === 'EXPOSE')?.text).toBe(stageEnv(runtime).PORT);
    await request(createTestApp().app).get('/api/health').expect(200);
  });

  it('sets only environment variables the server reads', () => {
    expect(Object.keys(stageEnv(runtime)).filter((name) => !SERVER_READS.has(name))).toEqual([]);
  });
});

describe('compose.yaml', () => {
  const dotEnv = { POSTGRES_PASSWORD: 'a-password-from-dot-env' };

  it('builds the AuthLab processes from the Dockerfile, as several replicas', () => {
    expect(service('authlab').build).toBe('.');
    expect(Number(interpolate(String(service('authlab').deploy?.replicas), {}))).toBeGreaterThan(1);
  });

  it('sets only environment variables the server reads, with values it accepts', () => {
    const env = processEnv(dotEnv);
    expect(Object.keys(service('authlab').environment ?? {}).filter((name) => !SERVER_READS.has(name))).toEqual([]);
    const read = readEnv(env);
    expect(read.host).toBe('0.0.0.0');
    expect(read.classroom?.publicOrigin).toBe('https://localhost');
    expect(read.dataDir).toBe('/data');
  });

  it('trusts exactly one proxy hop: the address Caddy appends, never one the client wrote', () => {
    expect(readEnv(processEnv(dotEnv)).trustProxy).toBe(1);
  });

  it('takes the database password from .env, and refuses to start without one', () => {
    expect(processEnv(dotEnv).AUTHLAB_DATABASE_URL).toBe('postgres://authlab:a-password-from-dot-env@postgres:5432/authlab');
    expect(() => processEnv({})).toThrow(/POSTGRES_PASSWORD/);
    expect(service('postgres').environment?.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/);
  });

  it('publishes no port of the AuthLab processes: only Caddy reaches them', () => {
    expect(service('authlab').ports).toBeUndefined();
    expect(service('caddy').ports).toEqual(expect.arrayContaining(['80:80', '443:443']));
  });

  it('mounts the Caddyfile the tests run, and points it at the port the processes listen on', () => {
    expect(service('caddy').volumes).toContain(`./${DEPLOY_CADDYFILE}:/etc/caddy/Caddyfile:ro`);
    expect(service('caddy').environment?.AUTHLAB_UPSTREAMS).toBe(`dynamic a authlab ${stageEnv(runtime).PORT}`);
    expect(service('authlab').expose).toEqual([stageEnv(runtime).PORT]);
  });

  it('sets only settings the Caddyfile reads, and every one it cannot do without', () => {
    const placeholders = new Map([...caddyfile.matchAll(/\{\$(\w+)(:[^}]*)?\}/g)].map(([, name = '', fallback]) => [name, fallback]));
    const given = Object.keys(service('caddy').environment ?? {});
    expect(given.filter((name) => !placeholders.has(name))).toEqual([]);
    // Without a default of its own, or with the one that stops Caddy ("to" and no address).
    const required = [...placeholders].filter(([, fallback]) => fallback === undefined || fallback === ':to').map(([name]) => name);
    expect(required).toContain('AUTHLAB_UPSTREAMS');
    for (const name of required) expect(given).toContain(name);
  });

  it('has Caddy check the same health path as the image does', () => {
    expect(caddyfile).toMatch(/^\s*health_uri \/api\/health$/m);
  });
});
