import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Files that only the terminal runs; everything else must also run in the browser. */
const NODE_ONLY = new Set(['cli.ts', 'format.ts']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') && !NODE_ONLY.has(entry.name) ? [full] : [];
  });
}

describe('the attacks package', () => {
  it('uses only fetch, Web Crypto, bcryptjs and hash-wasm outside the CLI, so the playground can run it', () => {
    const offenders = sourceFiles(import.meta.dirname).filter((file) =>
      /from ['"](node:|fs|path|crypto|http|child_process|cli-progress|commander)|\bprocess\.|\bBuffer\b|\brequire\(/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});
