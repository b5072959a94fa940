/**
 * Reads the `curl` examples of a lesson as requests, with what their `# …` comments say comes
 * back, so a test can send them to the stage and compare. Only what can be replayed without a
 * shell is read: literal requests, `for i in …` loops over one request, and `LONG=$(printf …)`.
 * A block with anything else in it (a token kept in a variable, a pipe, `node`, `sleep`, a
 * shell function) is skipped whole, because its later requests depend on what was skipped.
 */

export interface ReplayRequest {
  method: string;
  /** After the stage's base URL; `null` for the stage description itself. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What a comment claims about the answer; every field is optional. */
export interface Expectation {
  /** The comment as written, for messages. */
  comment: string;
  /** One status per request: a loop's comment lists them all. */
  statuses?: number[];
  code?: string;
  message?: string;
  hasToken?: boolean;
  /** Header name (lower case) → the value it must start with, or `''` for "is present". */
  headers: Record<string, string>;
}

export type Step = { kind: 'request'; request: ReplayRequest; expect?: Expectation } | { kind: 'loop'; requests: ReplayRequest[]; expect?: Expectation };

export interface Block {
  /** The block's first line, to name it in messages. */
  title: string;
  steps: Step[];
  /** Why the block cannot be replayed, if it cannot. */
  skipped?: string;
}

export function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
}

export function readBlock(source: string, stage: string): Block {
  const lines = source.replace(/\\\n\s*/g, ' ').split('\n');
  const variables: Record<string, string> = {};
  const block: Block = { title: lines[0] ?? '', steps: [] };
  let loop: { values: string[]; body: string[] } | undefined;
  for (const raw of lines) {
    const [command = '', comment] = splitComment(raw);
    if (command === '') {
      if (comment !== undefined) attach(block, comment);
      continue;
    }
    const forLoop = /^for i in (.+?); do(?: (.*))?$/.exec(command);
    if (forLoop) {
      loop = { values: loopValues(forLoop[1] ?? ''), body: forLoop[2] ? [forLoop[2]] : [] };
      continue;
    }
    if (loop !== undefined) {
      if (/^done(; echo)?$/.test(command)) {
        const { values, body } = loop;
        loop = undefined;
        const requests = body.length === 1 ? values.map((value) => parseCurl(body[0] ?? '', { ...variables, i: value }, stage)) : [];
        if (requests.length === 0 || requests.some((request) => request === undefined)) return { ...block, skipped: `loop: ${body.join('; ')}` };
        block.steps.push({ kind: 'loop', requests: requests as ReplayRequest[] });
        if (comment !== undefined) attach(block, comment);
      } else loop.body.push(command);
      continue;
    }
    const printf = /^(\w+)=\$\(printf '%0(\d+)d' 0\)$/.exec(command);
    if (printf) {
      variables[printf[1] ?? ''] = '0'.repeat(Number(printf[2]));
      continue;
    }
    if (/^BASE=/.test(command)) continue;
    const request = parseCurl(command, variables, stage);
    if (request === undefined) return { ...block, skipped: command };
    block.steps.push({ kind: 'request', request });
    if (comment !== undefined) attach(block, comment);
  }
  return block;
}

function splitComment(line: string): [string, string | undefined] {
  const trimmed = line.trim();
  if (trimmed.startsWith('#')) return ['', trimmed.slice(1).trim()];
  const at = trimmed.search(/\s#\s/);
  return at === -1 ? [trimmed, undefined] : [trimmed.slice(0, at).trim(), trimmed.slice(at).replace(/^\s*#\s*/, '')];
}

function loopValues(list: string): string[] {
  const seq = /^\$\(seq (\d+) (\d+)\)$/.exec(list);
  if (!seq) return list.split(/\s+/);
  const [from, to] = [Number(seq[1]), Number(seq[2])];
  return Array.from({ length: to - from + 1 }, (_, index) => String(from + index));
}

/** A comment right after a request (or a loop's `done`) says what it gets; a prose comment says nothing checkable. */
function attach(block: Block, comment: string): void {
  const last = block.steps.at(-1);
  const expectation = parseExpectation(comment);
  if (last === undefined || last.expect !== undefined || expectation === undefined) return;
  last.expect = expectation;
}

function parseExpectation(comment: string): Expectation | undefined {
  const expectation: Expectation = { comment, headers: {} };
  const statuses = /^((?:\d{3} )*\d{3})\b/.exec(comment)?.[1];
  if (statuses !== undefined) expectation.statuses = statuses.split(' ').map(Number);
  const error = /\{"error":"([^"]+)"/.exec(comment)?.[1] ?? /^\d{3},? "([^"]+)"/.exec(comment)?.[1];
  if (error !== undefined) expectation.message = error;
  const code = /"code":"([a-z_]+)"/.exec(comment)?.[1] ?? /\bcode ([a-z]+_[a-z_]+)/.exec(comment)?.[1] ?? /^\d{3} ([a-z]+_[a-z_]+)\b/.exec(comment)?.[1];
  if (code !== undefined) expectation.code = code;
  if (/^\{"token":/.test(comment)) {
    expectation.hasToken = true;
    expectation.statuses = [200];
  }
  const flow = /X-Auth-Flow: ([A-Z,]+)/.exec(comment)?.[1];
  if (flow !== undefined) expectation.headers['x-auth-flow'] = flow;
  const challenge = /WWW-Authenticate: (.+?)(?:, \.\.\.)?$/.exec(comment)?.[1];
  if (challenge !== undefined) expectation.headers['www-authenticate'] = challenge;
  const retryAfter = /Retry-After(?:: (\d+))?/.exec(comment);
  if (retryAfter) expectation.headers['retry-after'] = retryAfter[1] ?? '';
  if (/RateLimit headers/.test(comment)) expectation.headers.ratelimit = '';
  const claims = expectation.statuses ?? expectation.message ?? expectation.code ?? Object.keys(expectation.headers)[0];
  return claims === undefined ? undefined : expectation;
}

/** `curl` with the flags the lessons use; undefined for anything a shell would be needed for. */
function parseCurl(command: string, variables: Record<string, string>, stage: string): ReplayRequest | undefined {
  if (!command.startsWith('curl ')) return undefined;
  const words = shellWords(command.slice(5), variables);
  if (words === undefined) return undefined;
  const request: ReplayRequest = { method: 'GET', path: '', headers: {} };
  let url: string | undefined;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    const next = (): string => words[++index] ?? '';
    if (/^-[siv]+$/.test(word)) continue;
    if (word === '-o' || word === '-w') next();
    else if (word === '-X') request.method = next();
    else if (word === '-d') {
      request.body = next();
      if (request.method === 'GET') request.method = 'POST';
    } else if (word === '-H') {
      const [name = '', ...value] = next().split(':');
      request.headers[name.trim()] = value.join(':').trim();
    } else if (word === '-u') request.headers.Authorization = `Basic ${Buffer.from(next(), 'utf8').toString('base64')}`;
    else if (!word.startsWith('-')) url = word;
    else return undefined;
  }
  const base = `$BASE`;
  if (url?.startsWith(base)) request.path = url.slice(base.length);
  else if (url === `http://127.0.0.1:3000/api/stages/${stage}`) request.path = '';
  else return undefined;
  return request;
}

const NO_SHELL = /\|\||&&|[|;&`]|\$\(/;

/** Splits like a shell for quotes, `$BASE` kept as written, known `${VAR}`/`$VAR` filled in. */
function shellWords(text: string, variables: Record<string, string>): string[] | undefined {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end === -1) return undefined;
      current += text.slice(index + 1, end);
      index = end;
      inWord = true;
    } else if (char === '"') {
      let value = '';
      for (index++; index < text.length && text[index] !== '"'; index++) {
        value += text[index] === '\\' ? text[++index] : text[index];
      }
      const filled = fill(value, variables);
      if (filled === undefined) return undefined;
      current += filled;
      inWord = true;
    } else if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      if (NO_SHELL.test(char) || char === '$') return undefined;
      current += char;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

function fill(value: string, variables: Record<string, string>): string | undefined {
  if (NO_SHELL.test(value)) return undefined;
  let unknown = false;
  const filled = value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, plain: string | undefined) => {
    const name = braced ?? plain ?? '';
    if (name === 'BASE') return whole;
    if (variables[name] === undefined) unknown = true;
    return variables[name] ?? '';
  });
  return unknown ? undefined : filled;
}
