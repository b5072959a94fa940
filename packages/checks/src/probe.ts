import {
  DescribedApi,
  TargetClient,
  randomPassword,
  randomUsername,
  readTargetPolicy,
  retryAfterOf,
  stageApiDescription,
  succeeded,
  type ApiDescription,
  type ApiTarget,
  type DescribedCaller,
  type Exchange,
  type SendOptions,
  type TargetPolicy,
} from '@authlab/contract';

export interface SignedIn {
  /** Who calls the protected route: the login's token, or (no login step) the password every time. */
  caller: DescribedCaller;
  /** The login response: absent on an API without login (Basic). */
  login?: Exchange;
  token?: string;
  refreshToken?: string;
}

export interface ProbeSendOptions extends SendOptions {
  /** `answer`: a 429 is what the check wants to see, so it is not waited out on a learner's own API. */
  onRateLimit?: 'wait' | 'answer';
}

/** Thrown when a check would send more requests to a learner's API than it said up front it would. */
export class BudgetSpent extends Error {
  constructor(readonly budget: number) {
    super(`it stopped at its budget of ${budget} requests before it could decide`);
  }
}

/** Thrown when a run has already waited as long as it may for a learner's API's rate limit. */
export class WaitedTooLong extends Error {
  constructor() {
    super(`the run has already waited ${MAX_RUN_WAIT_SECONDS / 60} minutes for your API's rate limit, the most it waits`);
  }
}

/** The longest a whole run waits out 429s; the checks after that answer n/a instead of waiting on. */
const MAX_RUN_WAIT_SECONDS = 15 * 60;

/** A learner's API that answers 429 is waited out: Retry-After's seconds, or this many without one. */
const DEFAULT_BACKOFF_SECONDS = 10;
/** The longest single wait; a longer Retry-After is cut to it and the request tried again. */
const MAX_BACKOFF_SECONDS = 120;
/** How often one request is tried again after 429 before its 429 is the answer. */
const MAX_RATE_LIMIT_RETRIES = 3;

/** A registered account whose password the checks know. */
export interface Account {
  username: string;
  password: string;
  /** The request that created it, shown in the evidence of every check that uses it. */
  registration: Exchange;
}

/**
 * The most requests one check that shares the stage sends to one rate-limited route, counting
 * the registration of the run's account (the weak-password check registers four at once).
 */
const SHARED_CHECK_HEADROOM = 5;

/**
 * What the checks of one run share, so that each does not pay again for what an earlier one set
 * up: whether the stage has a login route, one registered account and its logins (on a bcrypt
 * stage each registration and each login is a hash), and the stage itself, between resets,
 * while its published limits leave room for the next check. A reset wipes the account; a check
 * that moves the demo clock drops the shared login (expired in the stage's new time), and the
 * run puts the clock back when it ends.
 */
export class RunScope {
  /** The run's Stop: aborts the requests in flight, so a stopped run ends at once. */
  readonly signal: AbortSignal | undefined;
  hasLogin: Promise<boolean> | undefined;
  /** What the checks share until the next reset, by name: the account, its login, its cookie login. */
  readonly setups = new Map<string, Promise<unknown>>();
  /** The stage's published policy; without one nothing is known, and every check gets a fresh stage. */
  policy: TargetPolicy | undefined;
  /** Nothing has reset the stage yet. */
  stale = true;
  /** A check moved the demo clock since the last reset: the run puts it back before it ends. */
  clockMoved = false;
  /** Requests since the last reset to the routes a stage may rate-limit. */
  readonly spent = { logins: 0, registrations: 0 };
  /** Seconds spent waiting out a learner's API's 429s, for the report: wall-clock time, so waits side by side count once. */
  get waitedSeconds(): number {
    return (this.#waitedMs + (this.#waiting > 0 ? performance.now() - this.#waitingSince : 0)) / 1000;
  }
  #waitedMs = 0;
  #waiting = 0;
  #waitingSince = 0;

  /** Counts `wait` as waiting time, once however many waits overlap it. */
  async waiting(wait: Promise<void>): Promise<void> {
    if (this.#waiting++ === 0) this.#waitingSince = performance.now();
    try {
      await wait;
    } finally {
      if (--this.#waiting === 0) this.#waitedMs += performance.now() - this.#waitingSince;
    }
  }

  constructor(signal?: AbortSignal) {
    this.signal = signal;
  }

  /**
   * Whether the next check may start on the stage as the last one left it: the policy is known,
   * and each of its rate limits has room for one more check. Lockouts do not stand in the way:
   * only checks that start from a fresh stage get passwords wrong more than once.
   */
  get canShare(): boolean {
    if (this.stale || this.policy === undefined || Object.keys(this.policy).length === 0) return false;
    const room = (limit: { limit: number } | null | undefined, spent: number): boolean => !limit || spent + SHARED_CHECK_HEADROOM <= limit.limit;
    return room(this.policy.rateLimit, this.spent.logins) && room(this.policy.registrationRateLimit, this.spent.registrations);
  }

  /**
   * The stage publishes a policy with no rate limit and no lockout: nothing it counts can answer
   * in a check's place, so even the checks about counters may start on it as it is.
   */
  get limitFree(): boolean {
    const policy = this.policy;
    return policy !== undefined && Object.keys(policy).length > 0 && !policy.rateLimit && !policy.registrationRateLimit && !policy.lockout;
  }
}

/** The run's shared login, by its setup name: a moved clock expires it. */
const SHARED_LOGIN = 'login';

export interface ProbeOptions {
  /** The most requests the check may send to a learner's own API, retries after 429 included. */
  budget?: number;
}

/**
 * The client one check probes a target with: register, log in and call the protected route as
 * the target's description says (an AuthLab stage is one more description), what the checks of
 * a run share (an account, a login, whether there is a login route), and the bookkeeping that
 * decides when the stage must be reset. On a learner's own API there are no lab routes: a
 * "reset" is a fresh account, a 429 is waited out, and the check keeps to its request budget.
 */
export class Probe extends TargetClient {
  readonly #scope: RunScope;
  readonly #budget: number;
  #sent = 0;
  #api: DescribedApi | undefined;

  constructor(target: ApiTarget, scope: RunScope = new RunScope(), options: ProbeOptions = {}) {
    super(target, scope.signal ? { signal: scope.signal } : {});
    this.#scope = scope;
    this.#budget = options.budget ?? Number.POSITIVE_INFINITY;
  }

  /** A learner's own API, known only by its description: no reset, no demo clock, no breach dump. */
  get ownApi(): ApiDescription | undefined {
    return this.target.description;
  }

  /** Whether the target has a demo clock to move (an AuthLab stage or exercise does). */
  get hasClock(): boolean {
    return this.ownApi === undefined;
  }

  /** Requests this probe sent, retries included. */
  get requestsSent(): number {
    return this.#sent;
  }

  /** Whether the stage needs a reset before the next check can trust what it finds. */
  get needsReset(): boolean {
    return this.ownApi === undefined && !this.#scope.canShare;
  }

  override async send(method: string, path: string, options: ProbeSendOptions = {}): Promise<Exchange> {
    const own = this.ownApi;
    if (path === (own?.login?.path ?? '/login') || path === '/cookie/login') this.#scope.spent.logins++;
    if (path === (own?.register.path ?? '/register')) this.#scope.spent.registrations++;
    for (let retries = 0; ; retries++) {
      if (this.#sent >= this.#budget) throw new BudgetSpent(this.#budget);
      this.#sent++;
      if (own === undefined) return super.send(method, path, options);
      const exchange = await super.send(method, path, { ...options, record: false });
      if (exchange.response.status !== 429 || options.onRateLimit === 'answer' || retries >= MAX_RATE_LIMIT_RETRIES) {
        if (options.record ?? true) this.exchanges.push(exchange);
        return exchange;
      }
      // Someone else's API: its rate limit is waited out, never hammered.
      await this.waitOut(exchange);
    }
  }

  /**
   * Waits as long as a 429's Retry-After says (within bounds), and counts the wait for the report.
   * `wholeWindow`: until the whole known rate-limit window has passed, for a check that needs all
   * of the limit at once; a sliding window's Retry-After only says when the next one request fits.
   */
  async waitOut(rateLimited: Exchange, options: { wholeWindow?: boolean } = {}): Promise<void> {
    // At least a second: a Retry-After of 0 (or one in the past) must not become a tight loop.
    const retryAfter = Math.max(1, retryAfterOf(rateLimited) ?? DEFAULT_BACKOFF_SECONDS);
    const window = options.wholeWindow ? (this.ownApi?.known?.rateLimit?.windowSeconds ?? 0) : 0;
    const seconds = Math.min(Math.max(retryAfter, window), MAX_BACKOFF_SECONDS);
    if (this.#scope.waitedSeconds + seconds > MAX_RUN_WAIT_SECONDS) throw new WaitedTooLong();
    await this.#scope.waiting(sleep(seconds * 1000, this.#scope.signal));
  }

  /** The target's routes as a description: the learner's own, or the AuthLab stage's. */
  async api(): Promise<DescribedApi> {
    this.#api ??= new DescribedApi(this, this.ownApi ?? stageApiDescription({ basic: !(await this.hasLogin()), refresh: true }));
    return this.#api;
  }

  async reset(): Promise<void> {
    // Whatever happens, the shared account and its logins are gone or in doubt.
    this.#scope.setups.clear();
    if (this.ownApi !== undefined) {
      // Nothing to wipe on someone else's API: what comes next uses fresh accounts.
    } else if (this.target.reset !== undefined) {
      await this.target.reset();
    } else {
      const exchange = await this.send('POST', '/reset', { record: false });
      if (exchange.response.status >= 300) throw new Error(`POST /reset answered ${exchange.response.status}`);
    }
    this.#scope.stale = false;
    this.#scope.clockMoved = false;
    this.#scope.spent.logins = 0;
    this.#scope.spent.registrations = 0;
  }

  /** The stage's published policy; for a learner's API, what its description's `known` numbers say. */
  async policy(): Promise<TargetPolicy> {
    const own = this.ownApi;
    if (own !== undefined) return own.known?.rateLimit ? { rateLimit: own.known.rateLimit } : {};
    const exchange = await this.send('GET', '', { record: false });
    return readTargetPolicy(exchange.response.body);
  }

  /** Failed logins after which the target locks an account, when it says. */
  lockoutThreshold(policy: TargetPolicy): number | undefined {
    return policy.lockout?.maxFailures ?? this.ownApi?.known?.lockoutThreshold;
  }

  /** Whether the stage has a login route at all; a stage without one wants credentials on every request. */
  hasLogin(): Promise<boolean> {
    this.#scope.hasLogin ??= (async () => {
      const own = this.ownApi;
      if (own !== undefined) return own.login !== undefined;
      // An empty body: any login route refuses it before hashing anything, so asking costs the stage
      // no password verification, where a made-up user would cost one on a stage with equal timing.
      const exchange = await this.send('POST', '/login', { json: {}, record: false });
      return exchange.response.status !== 404 && exchange.response.status !== 405;
    })();
    return this.#scope.hasLogin;
  }

  /**
   * Something the checks of a run share, made by `make` on first use after a reset (and made
   * again if that failed); the exchanges it recorded join this probe's evidence.
   */
  async sharedSetup<T>(name: string, make: () => Promise<T>, exchangesOf: (value: T) => readonly Exchange[]): Promise<T> {
    const setups = this.#scope.setups;
    // The name stands for one kind of setup, so what is stored under it is always a T.
    const pending = (setups.get(name) as Promise<T> | undefined) ?? make();
    setups.set(name, pending);
    let value: T;
    try {
      value = await pending;
    } catch (error) {
      // A failed setup is not kept: the next check tries afresh.
      if (setups.get(name) === pending) setups.delete(name);
      throw error;
    }
    for (const exchange of exchangesOf(value)) if (!this.exchanges.includes(exchange)) this.exchanges.push(exchange);
    return value;
  }

  /** The run's registered account, made on first use after a reset; its registration joins this probe's evidence. */
  account(): Promise<Account> {
    return this.sharedSetup(
      'account',
      () => this.#register(),
      (account) => [account.registration],
    );
  }

  async #register(): Promise<Account> {
    const username = randomUsername();
    const password = randomPassword();
    const registration = await this.register(username, password, { record: false });
    if (!(await this.registered(registration))) throw new Error(`registration answered ${registration.response.status}`);
    return { username, password, registration };
  }

  /** Registers an account as the target's description says. */
  override async register(username: string, password: string, options: ProbeSendOptions = {}): Promise<Exchange> {
    return (await this.api()).register(username, password, options);
  }

  /** Whether a registration answer means the account was made. */
  async registered(exchange: Exchange): Promise<boolean> {
    return (await this.api()).succeeded('register', exchange);
  }

  /** One login attempt: the login step, or a Basic-authenticated call of the protected route on an API without one. */
  async attempt(username: string, password: string, options: ProbeSendOptions = {}): Promise<Exchange> {
    const api = await this.api();
    return api.hasLogin ? (await api.login(username, password, options)).exchange : api.callProtected({ username, password }, options);
  }

  /**
   * The run's shared login, after one call of the protected route proves it is accepted: a check
   * that shows an altered or old token refused means nothing if the real one is refused too.
   */
  async signInChecked(): Promise<SignedIn> {
    const signedIn = await this.signIn();
    const control = await this.callProtected(signedIn.caller);
    if (!succeeded(control)) {
      const hint = this.ownApi === undefined ? '' : ' (check protected.send in the description)';
      throw new Error(
        `${control.request.method} ${control.request.path} refused the signed-in account itself (HTTP ${control.response.status})${hint}, so a refused forgery would prove nothing`,
      );
    }
    return signedIn;
  }

  /** Whether an attempt's answer means it logged in: the login step's success, or the protected route's without one. */
  async loggedIn(attempt: Exchange): Promise<boolean> {
    const api = await this.api();
    return api.succeeded(api.hasLogin ? 'login' : 'protected', attempt);
  }

  /** The protected route (`/records` on a stage), called as `caller`. */
  async callProtected(caller: DescribedCaller, options: ProbeSendOptions = {}): Promise<Exchange> {
    return (await this.api()).callProtected(caller, options);
  }

  /**
   * Signs the run's account in and returns how to call the protected route as it. The checks of
   * a run share one login (its exchange joins each one's evidence) unless `fresh`: a check that
   * spends what the login gave, such as the refresh token, needs its own.
   */
  async signIn(options: { fresh?: boolean } = {}): Promise<SignedIn> {
    const { username, password } = await this.account();
    if (options.fresh) return this.#signIn(username, password);
    return this.sharedSetup(
      SHARED_LOGIN,
      () => this.#signIn(username, password),
      (signedIn) => (signedIn.login === undefined ? [] : [signedIn.login]),
    );
  }

  /** Registers a fresh user with this password and returns how to call the protected route as them. */
  async signInNew(username: string, password: string): Promise<SignedIn> {
    const registered = await this.register(username, password);
    if (!(await this.registered(registered))) throw new Error(`registration answered ${registered.response.status}`);
    return this.#signIn(username, password);
  }

  async #signIn(username: string, password: string): Promise<SignedIn> {
    const api = await this.api();
    if (!api.hasLogin) return { caller: { username, password } };
    const login = await api.login(username, password);
    if (login.token === undefined) {
      const where = this.ownApi === undefined ? '' : ' where the description says (login.token)';
      throw new Error(`login answered ${login.exchange.response.status} without a token${where}`);
    }
    return {
      caller: { token: login.token },
      login: login.exchange,
      token: login.token,
      ...(login.refreshToken === undefined ? {} : { refreshToken: login.refreshToken }),
    };
  }

  /**
   * What the target stored, username → stored credential: the lab's `/breach` dump on a stage,
   * the description's `storage.command` on a learner's API (only when the learner allowed it).
   */
  async stored(): Promise<{ values: ReadonlyMap<string, string> } | { unavailable: string }> {
    const own = this.ownApi;
    if (own === undefined) return { values: storedValues(await this.breach()) };
    if (own.storage === undefined) {
      return { unavailable: 'The description has no storage.command, so what your API stores cannot be read. Add one that prints "username<TAB>stored value" per account.' };
    }
    if (this.target.readStored === undefined) return { unavailable: 'storage.command runs only when you allow it: pass --allow-command.' };
    return { values: await this.target.readStored() };
  }

  /** `POST /cookie/login`: the same login, answered with a session cookie. */
  cookieLogin(username: string, password: string): Promise<Exchange> {
    return this.send('POST', '/cookie/login', { json: { username, password }, unrestricted: true });
  }

  /** `GET /cookie/account` with the given `Cookie` header. */
  cookieAccount(cookie: string): Promise<Exchange> {
    return this.send('GET', '/cookie/account', { headers: { Cookie: cookie }, unrestricted: true });
  }

  /** Waits in real time (an API without a demo clock), and stops at once when the run is stopped. */
  wait(seconds: number): Promise<void> {
    return sleep(seconds * 1000, this.#scope.signal);
  }

  async advanceClock(seconds: number): Promise<void> {
    // The checks after this one go on in the stage's future, where the shared login has expired:
    // they log in again. The run puts the clock back before it ends.
    this.#scope.clockMoved = true;
    this.#scope.setups.delete(SHARED_LOGIN);
    await this.target.advanceClock(seconds);
  }
}

/** username → stored credential, from a `/breach` dump. */
function storedValues(breach: Exchange): Map<string, string> {
  const body = breach.response.body as { users?: { username?: unknown; stored?: unknown }[] } | null;
  const entries = (body?.users ?? []).flatMap((user) => (typeof user.username === 'string' && typeof user.stored === 'string' ? [[user.username, user.stored] as const] : []));
  return new Map(entries);
}

/** Waits, or stops waiting at once when the run is stopped. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener('abort', stop, { once: true });
  });
}
