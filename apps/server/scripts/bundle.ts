import path from 'node:path';
import { build, type Metafile, type Plugin } from 'esbuild';

/** Where `npm run build --workspace @authlab/server` writes the server, relative to the repository root; the Dockerfile runs it from there. */
export const BUNDLE_PATH = 'apps/server/dist/main.mjs';

const SERVER_ROOT = path.resolve(import.meta.dirname, '..');

/**
 * Keeps every package from node_modules out of the bundle, to be resolved when the bundle runs:
 * bcrypt and better-sqlite3 load native code from their own folders, and the image's
 * production install holds the rest. The workspace packages (@authlab/*) are TypeScript
 * source that no production install can run, so they go in.
 */
const leaveNodeModulesOut: Plugin = {
  name: 'leave-node-modules-out',
  setup(bundle) {
    bundle.onResolve({ filter: /^[^./]/ }, ({ path: specifier }) => (specifier.startsWith('@authlab/') ? undefined : { path: specifier, external: true }));
  },
};

/**
 * src/main.ts and the workspace code it imports, as one ES module for Node 20. Run it from
 * apps/server/dist/ (or a folder that is laid out the same): @authlab/lab-files finds the
 * repository root, and with it the playground's build, three folders up from the running file,
 * and node_modules is resolved from there.
 */
export async function bundleServer(options: { outfile: string }): Promise<Metafile> {
  const result = await build({
    // The metafile names the source files relative to apps/server, wherever the build is started.
    absWorkingDir: SERVER_ROOT,
    entryPoints: ['src/main.ts'],
    outfile: options.outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    plugins: [leaveNodeModulesOut],
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  return result.metafile;
}
