import type { AttackId, Exchange } from '@authlab/contract';
import type { AttackBudget, AttackProgress, AttackSeries, AttemptPoint, TimingSamples } from './attack-types.ts';

export interface AttackRecorderOptions {
  attack: AttackId;
  signal: AbortSignal;
  budget: AttackBudget;
  onProgress?: (progress: AttackProgress) => void;
}

/**
 * What one attack run keeps whatever it attacks: its budget (attempts and time), the progress
 * it reports, and the points and timing samples the charts draw. The attack context adds how
 * the target is spoken.
 */
export class AttackRecorder {
  readonly signal: AbortSignal;
  readonly budget: AttackBudget;
  /** Set by the attack when it stopped because the budget ran out. */
  ranOutOfBudget = false;
  readonly #attack: AttackId;
  readonly #attempts: AttemptPoint[] = [];
  readonly #onProgress: ((progress: AttackProgress) => void) | undefined;
  readonly #startedMs = performance.now();
  #timing: TimingSamples | undefined;
  #plannedTotal = 0;

  constructor(options: AttackRecorderOptions) {
    this.#attack = options.attack;
    this.signal = options.signal;
    this.budget = options.budget;
    this.#onProgress = options.onProgress;
  }

  elapsedMs(): number {
    return performance.now() - this.#startedMs;
  }

  remainingMs(): number {
    return Math.max(0, this.budget.maxDurationMs - this.elapsedMs());
  }

  get attemptCount(): number {
    return this.#attempts.length;
  }

  /** False once the attempt or time budget is spent; the attack should stop and say so. */
  withinBudget(): boolean {
    this.signal.throwIfAborted();
    const within = this.#attempts.length < this.budget.maxAttempts && this.remainingMs() > 0;
    if (!within) this.ranOutOfBudget = true;
    return within;
  }

  /** Tells the progress bar how many units this attack plans, capped by the budget. */
  plan(total: number): void {
    this.#plannedTotal = Math.min(total, this.budget.maxAttempts);
  }

  setup(message: string): void {
    this.signal.throwIfAborted();
    this.#onProgress?.({ attack: this.#attack, phase: 'setup', completed: 0, total: this.#plannedTotal, message });
  }

  /** Progress of offline work (hashing) that sends no request. */
  progress(completed: number, message: string): void {
    this.signal.throwIfAborted();
    this.#onProgress?.({ attack: this.#attack, phase: 'attack', completed, total: this.#plannedTotal, message });
  }

  /** Records one answered attack request as a chart point and reports it. */
  record(reply: Pick<Exchange, 'durationMs'> & { response: { status: number } }, label: string, group?: string): AttemptPoint {
    const point: AttemptPoint = {
      index: this.#attempts.length + 1,
      atMs: Math.round(this.elapsedMs() * 10) / 10,
      status: reply.response.status,
      durationMs: Math.round(reply.durationMs * 100) / 100,
      label,
      ...(group === undefined ? {} : { group }),
    };
    this.#attempts.push(point);
    this.#onProgress?.({
      attack: this.#attack,
      phase: 'attack',
      completed: point.index,
      total: Math.max(this.#plannedTotal, point.index),
      message: `${label} → ${reply.response.status}`,
      attempt: point,
    });
    return point;
  }

  recordTiming(samples: TimingSamples): void {
    this.#timing = samples;
  }

  series(): AttackSeries {
    return { attempts: [...this.#attempts], ...(this.#timing ? { timing: this.#timing } : {}) };
  }
}
