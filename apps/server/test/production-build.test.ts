import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Metafile } from 'esbuild';
import { REPO_ROOT } from '@authlab/lab-files';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_PATH, bundleServer } from '../scripts/bundle.ts';
import { readDockerfile } from './dockerfile.ts';
import { startMainProcess, type MainProcess } from './hardening/main-process.ts';

/**
 * The server as the Dockerfile builds and runs it: bundled by scripts/bundle.ts, started with
 * plain `node` (no tsx, which a production install does not have), in a folder laid out as the
 * image is (/app/apps/server/dist/main.mjs beside /app/apps/playground/dist and
 * /app/node_modules), with the data directory the image's volume gives it.
 */

const PLAYGROUND_MARKER = '<title>playground built for the image</title>';

let scratch: string;
let metafile: Metafile;
let server: MainProcess | undefined;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'authlab-bundle-'));
  const image = path.join(scratch, 'app');
  metafile = await bundleServer({ outfile: path.join(image, BUNDLE_PATH) });
  // The image copies these folders from its production install; here they are the worktree's.
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(image, 'node_modules'));
  if (existsSync(path.join(REPO_ROOT, 'apps/server/node_modules'))) {
    symlinkSync(path.join(REPO_ROOT, 'apps/server/node_modules'), path.join(image, 'apps/server/node_modules'));
  }
  mkdirSync(path.join(image, 'apps/playground/dist'), { recursive: true });
  writeFileSync(path.join(image, 'apps/playground/dist/index.html'), `<!doctype html>${PLAYGROUND_MARKER}`);
  server = await startMainProcess({ NODE_ENV: 'production', AUTHLAB_DATA_DIR: path.join(scratch, 'data') }, [path.join(image, BUNDLE_PATH)]);
}, 60_000);

afterAll(async () => {
  await server?.kill();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe('the production bundle (apps/server/dist/main.mjs)', () => {
  it('answers the health check and lists the stages, run with node alone', async () => {
    const health = await fetch(`${server?.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const stages = await fetch(`${server?.url}/api/stages`);
    expect(stages.status).toBe(200);
    expect(JSON.stringify(await stages.json())).toContain('plaintext');
  });

  it('loads the native modules: a bcrypt registration is stored in SQLite', async () => {
    const registered = await fetch(`${server?.url}/api/stages/bcrypt/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'ada', password: 'violet-kettle-harbor-42' }),
    });
    expect(registered.status).toBe(201);
    expect(existsSync(path.join(scratch, 'data/authlab.sqlite'))).toBe(true);
  });

  it("finds the playground's build where the image puts it, three folders above the bundle", async () => {
    const page = await fetch(`${server?.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(PLAYGROUND_MARKER);
  });

  it('leaves out only packages that a production install of @authlab/server provides', () => {
    const provided = productionPackages('@authlab/server');
    expect(externalPackages(metafile).map(({ name }) => name)).toContain('bcrypt');
    const missing = externalPackages(metafile).filter(({ name }) => !provided.has(name));
    expect(missing).toEqual([]);
  });

  it('resolves each package it leaves out to the copy its source file was written against', () => {
    // The bundle resolves bare imports from its own folder; a workspace package's source from its own.
    const bundleDir = path.join(REPO_ROOT, path.dirname(BUNDLE_PATH));
    const different = externalPackages(metafile)
      .map(({ name, importer }) => ({
        name,
        importer,
        fromSource: packageDir(path.resolve(REPO_ROOT, 'apps/server', importer), name),
        fromBundle: packageDir(bundleDir, name),
      }))
      .filter(({ fromSource, fromBundle }) => fromSource !== fromBundle);
    expect(different).toEqual([]);
  });

  it("passes the image's HEALTHCHECK, run as Docker runs it", () => {
    expect(runHealthCheck().status).toBe(0);
  });

  // Last: it stops the server.
  it('shuts down cleanly on SIGTERM, as `docker stop` sends it, and the health check then fails', async () => {
    expect(await server?.stop()).toBe(0);
    expect(runHealthCheck().status).toBe(1);
    server = undefined;
  });
});

/** The Dockerfile's HEALTHCHECK command (`node -e …`), against the bundle's port. */
function runHealthCheck(): ReturnType<typeof spawnSync> {
  const runtime = readDockerfile(readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8')).at(-1);
  const [node, ...args] = runtime?.instructions.find(({ keyword }) => keyword === 'HEALTHCHECK')?.exec ?? [];
  expect(node).toBe('node');
  return spawnSync(process.execPath, args, { env: { PORT: new URL(server?.url ?? 'http://127.0.0.1:1').port }, timeout: 3000 });
}

/** Every bare import the bundle leaves to node_modules (Node's own modules aside), with the source file (relative to apps/server) that makes it. */
function externalPackages(meta: Metafile): { name: string; importer: string }[] {
  return Object.entries(meta.inputs).flatMap(([importer, input]) =>
    input.imports.filter((entry) => entry.external === true && !entry.path.startsWith('node:')).map((entry) => ({ name: packageName(entry.path), importer })),
  );
}

function packageName(specifier: string): string {
  const [first = '', second = ''] = specifier.split('/');
  return first.startsWith('@') ? `${first}/${second}` : first;
}

/**
 * The npm packages `npm ci --omit=dev --workspace <name>` installs for direct use: the
 * workspace's dependencies, and those of the workspace packages among them, transitively.
 */
function productionPackages(workspace: string, seen = new Set<string>()): Set<string> {
  const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'node_modules', workspace, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  const packages = new Set<string>();
  for (const name of Object.keys(manifest.dependencies ?? {})) {
    if (!name.startsWith('@authlab/')) packages.add(name);
    else if (!seen.has(name)) for (const nested of productionPackages(name, seen.add(name))) packages.add(nested);
  }
  return packages;
}

/** Where Node finds `name` from `dir`: the first node_modules/<name> on the way up. */
function packageDir(dir: string, name: string): string | undefined {
  for (let current = dir; ; current = path.dirname(current)) {
    const candidate = path.join(current, 'node_modules', name);
    if (existsSync(candidate)) return candidate;
    if (current === path.dirname(current)) return undefined;
  }
}
