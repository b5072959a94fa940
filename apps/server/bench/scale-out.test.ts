import { describe, expect, it } from 'vitest';
import { topologiesFor } from './scale-out.ts';

/** What `--processes` starts: the counts asked for, and the rows that show where a difference comes from. */

describe('the deployments --processes asks for', () => {
  it('is one process on SQLite alone for --processes 1', () => {
    expect(topologiesFor([1])).toEqual([{ kind: 'direct' }]);
  });

  it('adds the proxy alone and one process on the shared store in front of the counts asked for, each once and in order', () => {
    expect(topologiesFor([3, 1, 2, 2])).toEqual([
      { kind: 'direct' },
      { kind: 'proxied' },
      { kind: 'shared', processes: 1 },
      { kind: 'shared', processes: 2 },
      { kind: 'shared', processes: 3 },
    ]);
  });
});
