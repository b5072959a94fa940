import { describe, expect, it } from 'vitest';
import { draftFromSpec, headerRow, pathProblem, specFromDraft, type Draft } from './draft.ts';

describe('draftFromSpec and specFromDraft', () => {
  it('round-trip a request, headers in order', () => {
    const spec = { method: 'POST' as const, path: '/api/stages/jwt/login', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer x' }, body: '{}' };
    expect(specFromDraft(draftFromSpec(spec))).toEqual(spec);
  });

  it('gives every header row its own stable key', () => {
    const draft = draftFromSpec({ method: 'GET', path: '/', headers: { A: '1', B: '2' } });
    expect(new Set(draft.headers.map((row) => row.key)).size).toBe(2);
  });

  it('leaves out rows without a name and trims names and the path', () => {
    const draft: Draft = { method: 'GET', path: ' /api/health ', headers: [headerRow('', 'orphan'), headerRow(' X-Test ', ' kept ')], body: '' };
    expect(specFromDraft(draft)).toEqual({ method: 'GET', path: '/api/health', headers: { 'X-Test': ' kept ' }, body: '' });
  });

  it('joins a header given twice, whatever its case, as HTTP would', () => {
    const draft: Draft = { method: 'GET', path: '/', headers: [headerRow('Accept', 'a'), headerRow('accept', 'b')], body: '' };
    expect(specFromDraft(draft).headers).toEqual({ Accept: 'a, b' });
  });

  it('keeps the body exactly as typed, malformed JSON included', () => {
    expect(specFromDraft({ method: 'POST', path: '/', headers: [], body: '{"username": ' }).body).toBe('{"username": ');
  });
});

describe('pathProblem', () => {
  it.each(['/api/stages/jwt/login', '/api/stages/jwt/records?x=1', '/'])('accepts %j', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });

  it.each(['api/stages', 'https://example.com/api', '//example.com/api', '/\\example.com', ''])('refuses %j', (path) => {
    expect(pathProblem(path)).toMatch(/path/i);
  });
});
