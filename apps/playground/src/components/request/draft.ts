/**
 * The request builder's editable state, and its conversion to and from what the API client
 * sends. Headers are an ordered list of rows so a learner can add, edit and remove them freely.
 */
import type { RequestSpec } from '../../api/types.ts';

export const METHODS: readonly RequestSpec['method'][] = ['GET', 'POST', 'PUT', 'DELETE'];

export interface HeaderRow {
  /** Stable React key: rows are edited in place. */
  key: number;
  name: string;
  value: string;
}

export interface Draft {
  method: RequestSpec['method'];
  path: string;
  headers: HeaderRow[];
  body: string;
}

let nextRowKey = 1;

export function headerRow(name = '', value = ''): HeaderRow {
  return { key: nextRowKey++, name, value };
}

export function draftFromSpec(spec: RequestSpec): Draft {
  return {
    method: spec.method,
    path: spec.path,
    headers: Object.entries(spec.headers).map(([name, value]) => headerRow(name, value)),
    body: spec.body ?? '',
  };
}

/**
 * What will be sent. Rows without a name are left out; a header given twice is sent once with
 * both values joined by ", ", which is what HTTP and fetch make of repeated headers anyway.
 */
export function specFromDraft(draft: Draft): RequestSpec {
  const headers: Record<string, string> = {};
  const spelling = new Map<string, string>();
  for (const row of draft.headers) {
    const name = row.name.trim();
    if (name === '') continue;
    const existing = spelling.get(name.toLowerCase());
    if (existing === undefined) {
      spelling.set(name.toLowerCase(), name);
      headers[name] = row.value;
    } else {
      headers[existing] = `${headers[existing] ?? ''}, ${row.value}`;
    }
  }
  return { method: draft.method, path: draft.path.trim(), headers, body: draft.body };
}

/**
 * Why this path cannot be sent, or undefined when it can. Requests stay on this origin: the
 * playground is not a proxy for the rest of the internet.
 */
export function pathProblem(path: string): string | undefined {
  const trimmed = path.trim();
  if (!trimmed.startsWith('/')) return 'The path must start with "/", e.g. /api/stages/jwt/login.';
  const base = 'http://same-origin.invalid';
  try {
    if (new URL(trimmed, base).origin !== base) return 'The path must stay on this server (no "//host" or "\\").';
  } catch {
    return 'That is not a valid path.';
  }
  return undefined;
}
