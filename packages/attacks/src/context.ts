import {
  DescribedApi,
  TargetClient,
  errorOf,
  randomPassword,
  randomUsername,
  stageApiDescription,
  type ApiDescription,
  type DescribedTarget,
  type Exchange,
  type StageTarget,
  type TargetDescription,
  type TargetPolicy,
} from '@authlab/contract';
import { AttackRecorder, type AttackRecorderOptions } from './attack-recorder.ts';
import type { GuessRateCache } from './guess-rates.ts';

/** What an attack runs against: an AuthLab stage (with the lab's routes), or a learner's own API known by its description. */
export type AttackTarget = StageTarget | DescribedTarget;

export interface AttackContextOptions extends AttackRecorderOptions {
  target: AttackTarget;
  /** The stage's description, read from it; absent on a learner's own API. */
  stage?: TargetDescription;
  guessRates?: GuessRateCache;
}

/** A user an attack planted as its victim, and what the target made of the password it wanted. */
export interface PlantedUser {
  username: string;
  password: string;
  /** Set when the target's password policy refused the weak password the attack wanted. */
  refusedPassword?: { password: string; reason: string };
}

/** Statuses with which a registration refuses the password (or the input), not the request. */
const POLICY_REFUSALS: ReadonlySet<number> = new Set([400, 422]);

/**
 * The running state of one attack: how it speaks the target (its budget and recorded points are
 * the recorder's). Every target is spoken through a description, as the practice checks' probe
 * does: an AuthLab stage's is built in, a learner's own API brings its own. Only a stage has the
 * lab's routes around it (reset, the demo clock, `/breach`, `/sniff`); on an own API the attack
 * plants accounts under fresh random names and touches no other.
 */
export class AttackContext extends AttackRecorder {
  readonly target: AttackTarget;
  /** The stage's description; undefined on a learner's own API. */
  readonly stage: TargetDescription | undefined;
  /** The target's routes, raw; keeps no evidence, since an attack may send thousands of guesses. */
  readonly http: TargetClient;
  /** Register, log in and call the protected route as the target's description says. */
  readonly api: DescribedApi;
  readonly policy: TargetPolicy;
  /** Guess rates shared across a matrix run, when the run is part of one. */
  readonly guessRates: GuessRateCache | undefined;
  readonly #names = new Map<string, string>();

  constructor(options: AttackContextOptions) {
    super(options);
    this.target = options.target;
    this.stage = options.stage;
    this.guessRates = options.guessRates;
    this.http = new TargetClient(options.target, { signal: options.signal, keepEvidence: false });
    this.policy = options.stage?.policy ?? ownApiPolicy(this.ownApi);
    const description = this.ownApi ?? stageApiDescription({ basic: this.policy.authentication === 'basic', refresh: false });
    this.api = new DescribedApi(this.http, description);
  }

  /** A learner's own API's description; undefined on an AuthLab stage. */
  get ownApi(): ApiDescription | undefined {
    return 'description' in this.target ? this.target.description : undefined;
  }

  /** What the report calls the target: the stage id, or the API's name (its URL without one). */
  get targetName(): string {
    return this.stage?.id ?? this.ownApi?.name ?? this.target.baseUrl;
  }

  /** How explanations name the target: `the stage`, or `your API`. */
  get targetNoun(): string {
    return this.stage === undefined ? 'your API' : 'the stage';
  }

  /** The stage with its lab routes, for the attacks that need them (they are n/a on an own API). */
  labStage(): StageTarget {
    if ('describe' in this.target) return this.target;
    throw new Error('this attack needs an AuthLab stage: a learner’s own API has no lab routes');
  }

  /** Stages without a login route (Basic) take the password on every request instead. */
  get hasLogin(): boolean {
    return this.api.hasLogin;
  }

  /** Failed logins after which the target locks an account: the stage's policy, or the description's `known` number. */
  get lockoutThreshold(): number | undefined {
    return this.policy.lockout?.maxFailures ?? this.ownApi?.known?.lockoutThreshold;
  }

  /**
   * The name an attack gives a user it plants or guesses. On a stage, the story's name (`alice`):
   * the stage was reset and holds only what the attack planted. On someone's own API, a fresh
   * random name, the same for the whole run (per `round`), so that no guess ever lands on, and
   * no failure ever counts against, an account the attack did not create.
   */
  userName(base: string, round = 0): string {
    if (this.ownApi === undefined) return base;
    const key = `${base}#${round}`;
    const name = this.#names.get(key) ?? randomUsername(base);
    this.#names.set(key, name);
    return name;
  }

  /** One password guess the way this target takes it: its login step, or Basic on its protected route. */
  async guess(username: string, password: string): Promise<Exchange> {
    return this.hasLogin ? (await this.api.login(username, password)).exchange : this.api.callProtected({ username, password });
  }

  /** Whether a guess got in: what the target's login (or, with Basic, its protected route) calls success. */
  guessSucceeded(reply: Exchange): boolean {
    return this.api.succeeded(this.hasLogin ? 'login' : 'protected', reply);
  }

  /**
   * Registers a victim (named by `userName(base, round)`) with the (weak) password the scenario
   * wants. A target with a password policy refuses it; the victim then gets a strong one, and
   * the refusal is part of the story.
   */
  async plantUser(base: string, wantedPassword = randomPassword(), round = 0): Promise<PlantedUser> {
    const username = this.userName(base, round);
    const wanted = await this.api.register(username, wantedPassword);
    if (this.api.succeeded('register', wanted)) return { username, password: wantedPassword };
    if (!POLICY_REFUSALS.has(wanted.response.status)) throw new Error(`registering ${username} answered ${wanted.response.status}: ${errorOf(wanted) ?? ''}`);
    const password = randomPassword();
    const fallback = await this.api.register(username, password);
    if (!this.api.succeeded('register', fallback)) throw new Error(`registering ${username} answered ${fallback.response.status}: ${errorOf(fallback) ?? ''}`);
    return { username, password, refusedPassword: { password: wantedPassword, reason: errorOf(wanted) ?? 'refused' } };
  }

  /**
   * Plants several victims at once: the target hashes each password on its own thread, so on a
   * slow hash the setup takes about one hash per core instead of one per account. In the given order.
   */
  plantUsers(users: readonly (readonly [base: string, wantedPassword?: string | undefined])[]): Promise<PlantedUser[]> {
    return Promise.all(users.map(([base, wantedPassword]) => this.plantUser(base, wantedPassword)));
  }

  /** Logs a planted user in and returns the token the target issued, read where its description says. */
  async stealToken(user: PlantedUser): Promise<string> {
    const login = await this.api.login(user.username, user.password);
    if (login.token === undefined) throw new Error(`login as ${user.username} answered ${login.exchange.response.status} without a token`);
    return login.token;
  }

  /** The protected route (`/records` on a stage), called with a token as the description sends it. */
  callProtected(token: string): Promise<Exchange> {
    return this.api.callProtected({ token });
  }
}

/**
 * What an attack can steer by on a learner's own API: only the numbers its description declares
 * it knows. Nothing else is assumed; the lockout threshold is read by `lockoutThreshold`.
 */
function ownApiPolicy(description: ApiDescription | undefined): TargetPolicy {
  const rateLimit = description?.known?.rateLimit;
  return {
    ...(description?.login === undefined ? { authentication: 'basic' as const } : {}),
    ...(rateLimit === undefined ? {} : { rateLimit }),
  };
}
