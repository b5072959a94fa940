import { describe, expect, it } from 'vitest';
import { parseClassroomRoute, withoutCredential } from './classroom-routes.ts';

describe('parseClassroomRoute', () => {
  it('reads the join code from the path the server prints, or from a query', () => {
    expect(parseClassroomRoute('join/AB12-CD')).toEqual({ kind: 'join', code: 'AB12-CD' });
    expect(parseClassroomRoute('join?code=XY9')).toEqual({ kind: 'join', code: 'XY9' });
    expect(parseClassroomRoute('join')).toEqual({ kind: 'join', code: '' });
  });

  it('takes the whole token of a resume link and the whole secret of an instructor link', () => {
    expect(parseClassroomRoute('resume/abc_DEF-123')).toEqual({ kind: 'resume', token: 'abc_DEF-123' });
    expect(parseClassroomRoute('instructor/s3cr3t_-x')).toEqual({ kind: 'instructor', secret: 's3cr3t_-x' });
    expect(parseClassroomRoute('instructor')).toEqual({ kind: 'instructor', secret: '' });
  });

  it('leaves the lesson pages alone', () => {
    expect(parseClassroomRoute('plaintext')).toBeUndefined();
    expect(parseClassroomRoute('intro')).toBeUndefined();
    expect(parseClassroomRoute('joined')).toBeUndefined();
  });
});

describe('withoutCredential', () => {
  it('drops the token or secret, and only when there is one', () => {
    expect(withoutCredential({ kind: 'resume', token: 'abc' })).toBe('resume');
    expect(withoutCredential({ kind: 'instructor', secret: 'abc' })).toBe('instructor');
    expect(withoutCredential({ kind: 'instructor', secret: '' })).toBeUndefined();
    expect(withoutCredential({ kind: 'join', code: 'AB12' })).toBeUndefined();
  });
});
