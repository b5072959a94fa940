/** `npm run check -- --init my-api.yaml`: a commented starter description of the learner's own API. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiDescriptionStarter } from '@authlab/contract';

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
