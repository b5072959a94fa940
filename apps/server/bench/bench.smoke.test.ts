import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Keeps `npm run bench` working: the real run is manual (minutes, and only meaningful on a quiet
 * machine), so CI runs the smoke mode, about a second per figure at bcrypt cost 4, and checks
 * every figure is printed with a ratio. It asserts no target: a second of load on a shared CI
 * machine proves that the script works, not how fast the server is.
 */
const FIGURES = [
  'Stage 3 login rps',
  'Stage 5 login rps',
  'Stage 6 login rps',
  '/api/health p99 during a 50-client login flood',
  '/api/health p99 with the compareSync foil',
  'JWT /records rps',
  'Basic /records rps',
  'Stage 6 login flood answered 429',
  'bcrypt compares per rejected (429) login',
  'SHA-256 vs bcrypt guesses per second',
  "One stage's practice checks, slowest",
  'Score board, all 6 stages',
  'Attack matrix, 54 cells',
];

function runSmoke(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'run.ts'), '--smoke', '--cost', '4'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench -- --smoke', () => {
  it('prints every figure with its ratio and writes nothing', async () => {
    const { code, stdout, stderr } = await runSmoke();
    expect(code, stderr).toBe(0);
    for (const figure of FIGURES) {
      const row = stdout.split('\n').find((line) => line.startsWith(figure));
      expect(row, `${figure} missing from:\n${stdout}`).toBeDefined();
      expect(row).toMatch(/\d[\d,.]* ×/);
    }
    expect(stderr).not.toMatch(/wrote /);
  }, 120_000);
});
