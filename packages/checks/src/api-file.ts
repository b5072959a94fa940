/**
 * The description of a learner's own API as a file: `npm run check -- --init my-api.yaml` writes
 * a commented starter, `npm run check -- --api my-api.yaml` says what AuthLab understood of it
 * (reading the file is lab-files' `readApiDescriptionFile`, shared with the attack lab).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { apiDescriptionStarter, type ApiDescriptionRead } from '@authlab/contract';

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

/** One line per step the description gives, for the learner to compare with their API. */
export function summariseApiDescription(read: Extract<ApiDescriptionRead, { ok: true }>): string[] {
  const { register, login, protected: guarded, refresh, logout, storage } = read.description;
  const where = (location: Record<string, string>): string =>
    Object.entries(location)
      .map(([kind, name]) => `${kind} ${name}`)
      .join('');
  const send = guarded.send;
  const sending = 'basic' in send ? 'Basic credentials' : 'cookie' in send ? `cookie ${send.cookie}` : `${send.header}: ${send.value}`;
  return [
    `register  ${register.method} ${register.path} → ${register.success.join(' or ')}`,
    login
      ? `login     ${login.method} ${login.path} → ${login.success.join(' or ')}, token from ${where(login.token)}`
      : 'login     none: every request carries Basic credentials',
    `protected ${guarded.method} ${guarded.path} with ${sending}`,
    ...(refresh ? [`refresh   ${refresh.method} ${refresh.path}, refresh token from ${where(refresh.refreshToken)}`] : []),
    ...(logout ? [`logout    ${logout.method} ${logout.path}`] : []),
    ...(storage ? ['storage   a command that lists what is stored (run only with --allow-command)'] : []),
  ];
}
