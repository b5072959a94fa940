import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fillTemplate, readApiDescription, type ApiDescription } from '@authlab/contract';
import { storageReader } from '@authlab/lab-files';

/**
 * The steps of an example's api.yaml, taken the way the practice checks will take them: the
 * request each step describes, with its placeholders filled in, and the credential read from
 * where the step says it comes back.
 */
export type { ApiDescription };
type Step = Pick<NonNullable<ApiDescription['login']>, 'method' | 'path' | 'body'>;
type Location = NonNullable<ApiDescription['login']>['token'];
type Values = Partial<Record<'username' | 'password' | 'token' | 'refreshToken', string>>;

export async function readExampleDescription(example: string): Promise<ReturnType<typeof readApiDescription>> {
  return readApiDescription(await readFile(path.join(import.meta.dirname, '..', example, 'api.yaml'), 'utf8'));
}

/** The headers that prove who is calling, as `protected.send` says. */
export function credentialHeaders(description: ApiDescription, token: string): Record<string, string> {
  const send = description.protected.send;
  if ('header' in send) return { [send.header]: send.value.replace('{token}', token) };
  if ('cookie' in send) return { cookie: `${send.cookie}=${token}` };
  throw new Error('HTTP Basic needs no token: the examples log in');
}

/** An answer with its body read once: parsed when it is JSON, as text otherwise. */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

export async function sendStep(url: string, step: Step, values: Values, headers: Record<string, string> = {}): Promise<Answer> {
  const body = step.body === undefined ? undefined : JSON.stringify(fillTemplate(step.body, values));
  const response = await fetch(`${url}${step.path}`, {
    method: step.method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  });
  const text = await response.text();
  const isJSON = response.headers.get('content-type')?.startsWith('application/json') === true;
  return { status: response.status, headers: response.headers, body: isJSON ? (JSON.parse(text) as unknown) : text };
}

/** The credential an answer carries, from its JSON body (a dotted path), a header or a cookie. */
export function readCredential(answer: Answer, location: Location): string | undefined {
  if ('header' in location) return answer.headers.get(location.header) ?? undefined;
  if ('cookie' in location) {
    const prefix = `${location.cookie}=`;
    return answer.headers
      .getSetCookie()
      .find((cookie) => cookie.startsWith(prefix))
      ?.slice(prefix.length)
      .split(';')[0];
  }
  let value = answer.body;
  for (const key of location.json.split('.')) value = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Runs `storage.command` as the checks will (a shell, the app's DATA_DIR) and reads its "username<TAB>stored" lines. */
export function readStorage(command: string, dataDir: string): Promise<ReadonlyMap<string, string>> {
  return storageReader(command, path.join(import.meta.dirname, '..'), { ...process.env, DATA_DIR: dataDir })();
}
