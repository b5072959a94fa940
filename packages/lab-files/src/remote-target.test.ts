import { describe, expect, it } from 'vitest';
import { allowTarget } from './remote-target.ts';

describe('allowTarget', () => {
  it('lets this machine through in silence', () => {
    const warnings: string[] = [];
    allowTarget(new URL('http://127.0.0.1:8080'), { allowRemote: false, action: 'test', warn: (line) => warnings.push(line) });
    expect(warnings).toEqual([]);
  });

  it('refuses an API outside this machine unless allowed, and warns when it is', () => {
    const warnings: string[] = [];
    const remote = new URL('https://api.example.com/v1');
    expect(() => allowTarget(remote, { allowRemote: undefined, action: 'attack', warn: (line) => warnings.push(line) })).toThrow(
      'https://api.example.com is not on this machine; pass --allow-remote-target to attack an API outside it',
    );
    allowTarget(remote, { allowRemote: true, action: 'attack', warn: (line) => warnings.push(line) });
    expect(warnings).toEqual(['WARNING: https://api.example.com is outside this machine. Only attack an API you own or have written permission to test.\n']);
  });
});
