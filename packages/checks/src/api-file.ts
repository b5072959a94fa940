/**
 * The description of a learner's own API as a file: `npm run check -- --init my-api.yaml` writes
 * a commented starter, `npm run check -- --api my-api.yaml` says whether AuthLab can read it.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiDescriptionStarter, readApiDescription, type ApiDescriptionRead } from '@authlab/contract';

const SCHEMA = path.resolve(import.meta.dirname, '../../../docs/api-description.schema.json');

/**
 * Writes the starter to `file` (relative to `cwd`, where the learner typed the command) and
 * returns its full path. Never overwrites: a description someone has edited is theirs.
 */
export async function writeStarterDescription(file: string, cwd: string): Promise<string> {
  const target = path.resolve(cwd, file);
  const schemaPath = path.relative(path.dirname(target), SCHEMA).split(path.sep).join('/');
  try {
    await writeFile(target, apiDescriptionStarter(schemaPath), { flag: 'wx' });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST')
      throw new Error(`${target} already exists; choose another name or delete it first`, { cause: error });
    throw error;
  }
  return target;
}

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

// Browser-safe, so the playground's Your API page shows the same lines; kept here for the CLI.
export { summariseApiDescription } from './api-summary.ts';
