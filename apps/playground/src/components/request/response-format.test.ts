import { describe, expect, it } from 'vitest';
import { formatBody, isLessonHeader, splitHeaders, statusLabel, statusTone } from './response-format.ts';

describe('statusLabel', () => {
  it("uses the browser's status text, or the standard words when there is none", () => {
    expect(statusLabel(401, 'Unauthorized')).toBe('401 Unauthorized');
    expect(statusLabel(423, '')).toBe('423 Locked');
    expect(statusLabel(299, '')).toBe('299');
  });

  it('tells success from failure', () => {
    expect([statusTone(204), statusTone(401), statusTone(429)]).toEqual(['ok', 'error', 'error']);
  });
});

describe('isLessonHeader', () => {
  it.each(['X-Auth-Flow', 'www-authenticate', 'Retry-After', 'RateLimit', 'ratelimit-policy', 'X-RateLimit-Remaining'])('highlights %s', (name) => {
    expect(isLessonHeader(name)).toBe(true);
  });

  it.each(['content-type', 'x-frame-options', 'x-auth-flowchart'])('leaves %s alone', (name) => {
    expect(isLessonHeader(name)).toBe(false);
  });
});

describe('splitHeaders', () => {
  it('puts the lesson headers first, both lists sorted', () => {
    expect(splitHeaders({ 'x-auth-flow': 'A,B', 'content-type': 'json', 'cache-control': 'no-store', 'www-authenticate': 'Bearer' })).toEqual({
      lesson: [
        ['www-authenticate', 'Bearer'],
        ['x-auth-flow', 'A,B'],
      ],
      other: [
        ['cache-control', 'no-store'],
        ['content-type', 'json'],
      ],
    });
  });
});

describe('formatBody', () => {
  it('pretty-prints JSON and shows anything else as received', () => {
    expect(formatBody({ status: 200, statusText: '', headers: {}, bodyText: '{"a":1}', json: { a: 1 } })).toBe('{\n  "a": 1\n}');
    expect(formatBody({ status: 400, statusText: '', headers: {}, bodyText: 'oops', json: undefined })).toBe('oops');
    expect(formatBody({ status: 204, statusText: '', headers: {}, bodyText: '', json: undefined })).toBe('(empty body)');
  });
});
