import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readApiDescription, type ApiDescriptionRead } from '@authlab/contract';

/**
 * A learner's API description as a file, read the one way both CLIs that take `--api` (the
 * practice checks and the attack lab) read it.
 */

/** A description is a page of YAML; anything far bigger is not one. */
const MAX_DESCRIPTION_BYTES = 64 * 1024;

/** Reads and validates the description in `file` (relative to `cwd`); problems, never a throw, for a file that is not one. */
export async function readApiDescriptionFile(file: string, cwd: string): Promise<ApiDescriptionRead> {
  const target = path.resolve(cwd, file);
  try {
    const info = await stat(target);
    if (!info.isFile()) return { ok: false, problems: [`${target} is not a file`] };
    if (info.size > MAX_DESCRIPTION_BYTES) return { ok: false, problems: [`${target} is larger than ${MAX_DESCRIPTION_BYTES / 1024} KB: not an API description`] };
    return readApiDescription(await readFile(target, 'utf8'));
  } catch (error) {
    return { ok: false, problems: [`cannot read ${target}: ${error instanceof Error ? error.message : String(error)}`] };
  }
}
