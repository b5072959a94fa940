import { describe, expect, it } from 'vitest';
import type { AttackResult } from './attack.ts';
import { mismatches, runMatrix, type MatrixCell } from './run.ts';
import { getAttack } from './registry.ts';
import { createFakeStage } from './test-support/fake-stage.ts';
import type { AttackId } from '@authlab/contract';
import { createStageTarget, type StageTarget } from '@authlab/contract';

const result = (outcome: AttackResult['status']): AttackResult => ({
  attack: 'brute-force',
  stage: 'fake',
  status: outcome,
  figure: '',
  explanation: '',
  measurements: {},
  findings: [],
  series: { attempts: [] },
  mistakes: [],
  stoppedBy: 'finished',
  durationMs: 0,
});

describe('mismatches', () => {
  it('lists cells whose outcome differs from the expectation, and cells that broke', () => {
    const cells: MatrixCell[] = [
      { stage: 'a', attack: 'brute-force', expected: 'cracked', result: result('cracked') },
      { stage: 'b', attack: 'brute-force', expected: 'locked-out', result: result('cracked') },
      { stage: 'c', attack: 'brute-force', expected: 'cracked', error: 'HTTP 500' },
      { stage: 'd', attack: 'brute-force', result: result('refused') },
    ];
    expect(mismatches(cells).map((cell) => cell.stage)).toEqual(['b', 'c']);
  });
});

describe('runMatrix', () => {
  it('runs the chosen attacks with the expectations the stage publishes', async () => {
    const stage = createFakeStage({ expectedAttacks: { 'brute-force': 'refused', 'forged-jwt': 'not-applicable' } });
    const target = createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch });
    const cells = await runMatrix([target], { attacks: ['brute-force', 'forged-jwt'], budget: { maxAttempts: 2 } });
    expect(cells.map(({ attack, expected, result: cell }) => [attack, expected, cell?.status])).toEqual([
      ['brute-force', 'refused', 'refused'],
      ['forged-jwt', 'not-applicable', 'not-applicable'],
    ]);
    expect(mismatches(cells)).toEqual([]);
  });

  it('turns an attack that breaks into a cell with the reason, and goes on', async () => {
    const stage = createFakeStage({ registerStatus: 500 });
    const target = createStageTarget('http://127.0.0.1:9', 'fake', { fetch: stage.fetch });
    const cells = await runMatrix([target], { attacks: ['brute-force', 'forged-jwt'] });
    expect(cells[0]?.error).toMatch(/registering alice answered 500/);
    expect(cells[1]?.result?.status).toBe('not-applicable');
  });
});

describe('runMatrix scheduling', () => {
  /** A fake stage under another name, whose password checks take a few milliseconds, like a hash. */
  const slowStage = (stage: string): StageTarget => {
    const fake = createFakeStage({ answerLogin: () => new Promise((resolve) => setTimeout(() => resolve(401), 3)) });
    return { ...createStageTarget('http://127.0.0.1:9', 'fake', { fetch: fake.fetch }), stage };
  };
  const ATTACKS_USED: AttackId[] = ['brute-force', 'password-spraying', 'timing-enumeration', 'parallel-guessing'];

  it('attacks two stages at once, then runs the attacks that time this machine alone; cells come back in grid order', async () => {
    const running = new Set<string>();
    let mostAtOnce = 0;
    const disturbed: string[] = [];
    const cells = await runMatrix(['one', 'two', 'three'].map(slowStage), {
      attacks: ATTACKS_USED,
      budget: { maxAttempts: 6 },
      onProgress: ({ stage, attack }) => {
        running.add(`${stage}/${attack}`);
        mostAtOnce = Math.max(mostAtOnce, running.size);
        if (getAttack(attack).needsQuietMachine && running.size > 1) disturbed.push(`${stage}/${attack} beside ${[...running].join(', ')}`);
      },
      onCell: ({ stage, attack }) => running.delete(`${stage}/${attack}`),
    });
    expect(mostAtOnce).toBe(2);
    expect(disturbed).toEqual([]);
    expect(cells.map(({ stage, attack }) => `${stage}/${attack}`)).toEqual(
      ['one', 'two', 'three'].flatMap((stage) => ['brute-force', 'parallel-guessing', 'password-spraying', 'timing-enumeration'].map((attack) => `${stage}/${attack}`)),
    );
    expect(cells.every((cell) => cell.result !== undefined)).toBe(true);
  });

  it('runs one stage at a time with a single lane', async () => {
    const running = new Set<string>();
    let mostAtOnce = 0;
    await runMatrix(['one', 'two'].map(slowStage), {
      attacks: ['brute-force', 'password-spraying'],
      budget: { maxAttempts: 4 },
      lanes: 1,
      onProgress: ({ stage, attack }) => {
        running.add(`${stage}/${attack}`);
        mostAtOnce = Math.max(mostAtOnce, running.size);
      },
      onCell: ({ stage, attack }) => running.delete(`${stage}/${attack}`),
    });
    expect(mostAtOnce).toBe(1);
  });

  it('stops every lane when aborted', async () => {
    const controller = new AbortController();
    const targets = ['one', 'two'].map(slowStage);
    const run = runMatrix(targets, {
      attacks: ['brute-force'],
      signal: controller.signal,
      onProgress: (_, progress) => {
        if (progress.completed >= 2) controller.abort(new Error('stopped'));
      },
    });
    await expect(run).rejects.toThrow('stopped');
  });
});
