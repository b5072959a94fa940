import path from 'node:path';

/** The repository's root, where `.data` lives unless AUTHLAB_DATA_DIR says otherwise. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

/**
 * AUTHLAB_DATA_DIR, or `<repo>/.data`. One function for the server and the exercise runner: the
 * runner writes the learner's runs where the server will look for them.
 */
export function readDataDir(env: NodeJS.ProcessEnv = process.env): string {
  // npm runs workspace scripts from the package folder; resolve a relative path from where the user typed.
  const base = env.INIT_CWD ?? process.cwd();
  return env.AUTHLAB_DATA_DIR ? path.resolve(base, env.AUTHLAB_DATA_DIR) : path.join(REPO_ROOT, '.data');
}
