import { describe, expect, it } from 'vitest';
import { printable } from './format.ts';

describe('printable', () => {
  it('shows every control character an API wrote as an escape, so it cannot redraw the terminal or add a line', () => {
    expect(printable('Wrong password\u001b[2J\u001b[32m✓ pass\r\nnext\u2028line\u0085')).toBe('Wrong password\\u001b[2J\\u001b[32m✓ pass\\u000d\\u000anext\\u2028line\\u0085');
    expect(printable('Unknown user — “bob” (HTTP 404)')).toBe('Unknown user — “bob” (HTTP 404)');
  });
});
