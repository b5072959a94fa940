import { describe, expect, it } from 'vitest';
import { isLoopback } from './loopback.ts';

describe('isLoopback', () => {
  it('accepts this machine only', () => {
    for (const url of ['http://127.0.0.1:8080', 'http://127.1.2.3', 'http://localhost:5000', 'http://[::1]:8080']) expect(isLoopback(new URL(url)), url).toBe(true);
    for (const url of ['http://10.0.0.1', 'https://api.example.com', 'http://127.0.0.1.nip.io', 'http://[::ffff:a00:1]', 'http://0.0.0.0:8080']) {
      expect(isLoopback(new URL(url)), url).toBe(false);
    }
  });
});
