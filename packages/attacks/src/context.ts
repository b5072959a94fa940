import {
  TargetClient,
  encodeBasicAuthorization,
  errorOf,
  randomPassword,
  type AttackId,
  type Exchange,
  type StageTarget,
  type TargetDescription,
  type TargetPolicy,
} from '@authlab/contract';
import type { AttackBudget, AttackProgress, AttackSeries, AttemptPoint, TimingSamples } from './attack-types.ts';
import type { GuessRateCache } from './guess-rates.ts';

export interface AttackContextOptions {
  attack: AttackId;
  target: StageTarget;
  stage: TargetDescription;
  signal: AbortSignal;
  budget: AttackBudget;
  guessRates?: GuessRateCache;
  onProgress?: (progress: AttackProgress) => void;
}

/** A user an attack planted as its victim, and what the stage made of the password it wanted. */
export interface PlantedUser {
  username: string;
  password: string;
  /** Set when the stage's password policy refused the weak password the attack wanted. */
  refusedPassword?: { password: string; reason: string };
}

/** The running state of one attack: its client, its budget, and the points it has recorded. */
export class AttackContext {
  readonly target: StageTarget;
  readonly stage: TargetDescription;
  /** The stage's routes; keeps no evidence, since an attack may send thousands of guesses. */
  readonly http: TargetClient;
  readonly signal: AbortSignal;
  readonly budget: AttackBudget;
  /** Guess rates shared across a matrix run, when the run is part of one. */
  readonly guessRates: GuessRateCache | undefined;
  /** Set by the attack when it stopped because the budget ran out. */
  ranOutOfBudget = false;
  readonly #attack: AttackId;
  readonly #attempts: AttemptPoint[] = [];
  readonly #onProgress: ((progress: AttackProgress) => void) | undefined;
  readonly #startedMs = performance.now();
  #timing: TimingSamples | undefined;
  #plannedTotal = 0;

  constructor(options: AttackContextOptions) {
    this.#attack = options.attack;
    this.target = options.target;
    this.stage = options.stage;
    this.signal = options.signal;
    this.budget = options.budget;
    this.guessRates = options.guessRates;
    this.#onProgress = options.onProgress;
    this.http = new TargetClient(options.target, { signal: options.signal, keepEvidence: false });
  }

  get policy(): TargetPolicy {
    return this.stage.policy;
  }

  /** Stages without a login route (Basic) take the password on every request instead. */
  get hasLogin(): boolean {
    return this.policy.authentication !== 'basic';
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

  /** One password guess the way this stage takes it: `POST /login`, or Basic on `/records`. */
  guess(username: string, password: string): Promise<Exchange> {
    return this.hasLogin ? this.http.login(username, password) : this.http.records(encodeBasicAuthorization(username, password));
  }

  /**
   * Registers a victim with the (weak) password the scenario wants. A stage with a password
   * policy refuses it; the victim then gets a strong one, and the refusal is part of the story.
   */
  async plantUser(username: string, wantedPassword = randomPassword()): Promise<PlantedUser> {
    const wanted = await this.http.register(username, wantedPassword);
    if (wanted.response.status === 201) return { username, password: wantedPassword };
    if (wanted.response.status !== 400) throw new Error(`registering ${username} answered ${wanted.response.status}`);
    const password = randomPassword();
    const fallback = await this.http.register(username, password);
    if (fallback.response.status !== 201) throw new Error(`registering ${username} answered ${fallback.response.status}: ${errorOf(fallback) ?? ''}`);
    return { username, password, refusedPassword: { password: wantedPassword, reason: errorOf(wanted) ?? 'refused' } };
  }

  /**
   * Plants several victims at once: the stage hashes each password on its own thread, so on a
   * slow hash the setup takes about one hash per core instead of one per account. In the given order.
   */
  plantUsers(users: readonly (readonly [username: string, wantedPassword?: string | undefined])[]): Promise<PlantedUser[]> {
    return Promise.all(users.map(([username, wantedPassword]) => this.plantUser(username, wantedPassword)));
  }

  /** Logs a planted user in and returns the token the stage issued (on token stages). */
  async stealToken(user: PlantedUser): Promise<string> {
    const reply = await this.http.login(user.username, user.password);
    const token = (reply.response.body as { token?: unknown } | null)?.token;
    if (reply.response.status !== 200 || typeof token !== 'string') throw new Error(`login as ${user.username} answered ${reply.response.status}`);
    return token;
  }
}
