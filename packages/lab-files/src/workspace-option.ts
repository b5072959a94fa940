import { isLoopback } from '@authlab/contract';

/**
 * `--workspace` (or AUTHLAB_WORKSPACE) of both CLIs: a learner's workspace on a classroom
 * server. The token opens the learner's stages to whoever holds it, so it is read strictly and
 * sent only where it cannot be read on the way.
 */

/** Where a learner finds the value to pass; said in every message about it. */
const WHERE_TO_GET_ONE = 'open the class in your browser and copy your resume link from the playground';

/** `selector.verifier`, both base64url, as the server issues it; no longer than the server reads. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}\.[A-Za-z0-9_-]{1,63}$/;

export interface WorkspaceValue {
  token: string;
  /** The classroom server's origin when a whole resume link was given. */
  origin?: string;
}

/** A bare token, or the whole resume link (`https://class.example.org/#/resume/<token>`) the playground copies. */
export function readWorkspaceValue(value: string): WorkspaceValue {
  const text = value.trim();
  const marker = text.indexOf('#/resume/');
  const token = marker === -1 ? text : text.slice(marker + '#/resume/'.length);
  if (!TOKEN.test(token)) throw new Error(`--workspace must be your workspace token or your resume link: ${WHERE_TO_GET_ONE}`);
  if (marker === -1) return { token };
  let origin: string;
  try {
    origin = new URL(text.slice(0, marker)).origin;
  } catch {
    throw new Error(`--workspace: "${text.slice(0, marker)}" before #/resume/ is not a URL; copy the whole resume link, or pass the token alone`);
  }
  return { token, origin };
}

/**
 * A classroom server is normally another machine, and the token is as good as the learner's
 * cookie: over HTTPS, or on this machine, it goes; over plain HTTP to another machine anyone on
 * the network path could read it, so only `--allow-remote-target` sends it there, with a warning.
 */
export function allowClassroomTarget(url: URL, options: { allowRemote: boolean | undefined; warn: (line: string) => void }): void {
  if (isLoopback(url) || url.protocol === 'https:') return;
  if (!options.allowRemote) {
    throw new Error(
      `${url.origin} is plain HTTP to another machine: your workspace token would cross the network readable by anyone on the way. ` +
        'Use the https:// address of the class, or pass --allow-remote-target if you accept that (a network you trust).',
    );
  }
  options.warn(`WARNING: sending your workspace token to ${url.origin} over plain HTTP; anyone on the network path can read it and use your workspace.\n`);
}

export interface ClassroomTarget {
  /** The server to reach: `--url` when given, else the resume link's, else the default. */
  url: URL;
  token: string | undefined;
}

/**
 * The server and token a stage run uses: without a workspace, `url` as it is; with one, the
 * resume link's server unless `--url` named one, and only where the token may go.
 */
export function resolveClassroomTarget(
  workspace: string | undefined,
  options: { url: URL; urlGiven: boolean; allowRemote: boolean | undefined; warn: (line: string) => void },
): ClassroomTarget {
  if (workspace === undefined) return { url: options.url, token: undefined };
  const { token, origin } = readWorkspaceValue(workspace);
  const url = origin !== undefined && !options.urlGiven ? new URL(origin) : options.url;
  allowClassroomTarget(url, options);
  return { url, token };
}

/**
 * `--api` runs against a learner's own API, which must never receive the token that opens their
 * classroom workspace: the two are refused together, in the words of however it was given.
 */
export function refuseWorkspaceWithApi(source: string | undefined): never {
  throw new Error(
    source === 'env'
      ? 'AUTHLAB_WORKSPACE is set; it is for the stages of a classroom server and is never sent to your own API: unset it for --api runs'
      : '--workspace is for the stages of a classroom server and is never sent to your own API: drop it for --api runs',
  );
}

/**
 * What to tell the learner when a classroom server answers 401 `workspace_required` to
 * `/api/stages`, or undefined for any other answer.
 */
export async function workspaceRefusal(response: Response, options: { serverUrl: string; sentToken: boolean }): Promise<string | undefined> {
  if (response.status !== 401) return undefined;
  const body: unknown = await response.json().catch(() => undefined);
  const code = typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined;
  if (code !== 'workspace_required') return undefined;
  return options.sentToken
    ? `${options.serverUrl} did not accept your workspace token: it is mistyped, or the workspace is gone (removed by the instructor, deleted after idling, or the class started over). To get a fresh one, ${WHERE_TO_GET_ONE} and pass it with --workspace.`
    : `${options.serverUrl} is a classroom server: pass your workspace with --workspace <resume link> or AUTHLAB_WORKSPACE. To get it, ${WHERE_TO_GET_ONE}.`;
}
