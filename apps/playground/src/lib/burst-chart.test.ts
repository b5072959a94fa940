import type { AttemptPoint } from '@authlab/attacks';
import { describe, expect, it } from 'vitest';
import { burstSeries, describeBurst } from './burst-chart.ts';

function answer(index: number, status: number, durationMs: number, group: 'wrong' | 'right' = 'wrong'): AttemptPoint {
  return { index, atMs: index, status, durationMs, label: `guess ${index}`, group };
}

/** Stage 6: four guesses refused at once by the lock, the right one among them, five checked slowly. */
const LOCKED_BURST = [answer(1, 423, 2), answer(2, 423, 3), answer(3, 423, 1, 'right'), answer(4, 401, 90), answer(5, 423, 4), answer(6, 401, 60)];

describe('burstSeries', () => {
  it('orders the answers by response time and marks the right password apart from the wrong guesses', () => {
    const data = burstSeries(LOCKED_BURST);
    expect(data.responseMs).toEqual([1, 2, 3, 4, 60, 90]);
    expect(data.rows).toEqual([423, 401, 200]);
    expect(data.wrong).toEqual([
      { status: 401, label: '401 refused', values: [null, null, null, null, 1, 1] },
      { status: 423, label: '423 locked', values: [null, 0, 0, 0, null, null] },
    ]);
    expect(data.right).toEqual([0, null, null, null, null, null]);
    expect(data.rightStatus).toBe(423);
  });

  it('puts a right password that got in on the 200 row at the top', () => {
    const data = burstSeries([answer(1, 401, 50), answer(2, 200, 70, 'right')]);
    expect(data.rows).toEqual([401, 200]);
    expect(data.right).toEqual([null, 1]);
    expect(data.wrong.map((series) => series.status)).toEqual([401]);
  });

  it('draws the wrong guesses while the right one is still on its way', () => {
    const data = burstSeries([answer(1, 401, 50)]);
    expect(data.right).toEqual([null]);
    expect(data.rightStatus).toBeUndefined();
  });
});

describe('describeBurst', () => {
  it('counts the wrong guesses by code and says what the right password got', () => {
    expect(describeBurst(LOCKED_BURST)).toBe('wrong guesses: 401 ×2, 423 ×3 · right password: 423 locked');
    expect(describeBurst([])).toBe('wrong guesses: none yet · right password: not answered yet');
  });
});
