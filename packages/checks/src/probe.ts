import {
  TargetClient,
  encodeBasicAuthorization,
  randomPassword,
  randomUsername,
  readTargetPolicy,
  type ApiTarget,
  type Exchange,
  type SendOptions,
  type TargetPolicy,
} from '@authlab/contract';

export interface SignedIn {
  /** The Authorization header `/records` accepts. */
  authorization: string;
  /** The login response: absent on a stage without login (Basic). */
  login?: Exchange;
  token?: string;
  refreshToken?: string;
}

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

/**
 * The client one check probes a target with: the target's routes, what the checks of a run
 * share (an account, a login, whether there is a login route), and the bookkeeping that decides
 * when the stage must be reset.
 */
export class Probe extends TargetClient {
  readonly #scope: RunScope;

  constructor(target: ApiTarget, scope: RunScope = new RunScope()) {
    super(target, scope.signal ? { signal: scope.signal } : {});
    this.#scope = scope;
  }

  /** Whether the stage needs a reset before the next check can trust what it finds. */
  get needsReset(): boolean {
    return !this.#scope.canShare;
  }

  override send(method: string, path: string, options: SendOptions = {}): Promise<Exchange> {
    if (path === '/login' || path === '/cookie/login') this.#scope.spent.logins++;
    if (path === '/register') this.#scope.spent.registrations++;
    return super.send(method, path, options);
  }

  async reset(): Promise<void> {
    // Whatever happens, the shared account and its logins are gone or in doubt.
    this.#scope.setups.clear();
    if (this.target.reset !== undefined) {
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

  async policy(): Promise<TargetPolicy> {
    const exchange = await this.send('GET', '', { record: false });
    return readTargetPolicy(exchange.response.body);
  }

  /** Whether the stage has a login route at all; a stage without one wants credentials on every request. */
  hasLogin(): Promise<boolean> {
    this.#scope.hasLogin ??= (async () => {
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
    if (registration.response.status !== 201) throw new Error(`registration answered ${registration.response.status}`);
    return { username, password, registration };
  }

  /** One login attempt: POST /login, or a Basic-authenticated request on a stage without login. */
  async attempt(username: string, password: string, options: SendOptions = {}): Promise<Exchange> {
    return (await this.hasLogin()) ? this.login(username, password, options) : this.records(encodeBasicAuthorization(username, password), options);
  }

  /**
   * Signs the run's account in and returns how to call `/records` as it. The checks of a run share
   * one login (its exchange joins each one's evidence) unless `fresh`: a check that spends what
   * the login gave, such as the refresh token, needs its own.
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

  /** Registers a fresh user with this password and returns how to call `/records` as them. */
  async signInNew(username: string, password: string): Promise<SignedIn> {
    const registered = await this.register(username, password);
    if (registered.response.status !== 201) throw new Error(`registration answered ${registered.response.status}`);
    return this.#signIn(username, password);
  }

  async #signIn(username: string, password: string): Promise<SignedIn> {
    if (!(await this.hasLogin())) return { authorization: encodeBasicAuthorization(username, password) };
    const login = await this.login(username, password);
    const body = login.response.body as { token?: unknown; refreshToken?: unknown } | null;
    if (login.response.status !== 200 || typeof body?.token !== 'string') {
      throw new Error(`login answered ${login.response.status} without a token`);
    }
    return {
      authorization: `Bearer ${body.token}`,
      login,
      token: body.token,
      ...(typeof body.refreshToken === 'string' ? { refreshToken: body.refreshToken } : {}),
    };
  }

  /** `POST /cookie/login`: the same login, answered with a session cookie. */
  cookieLogin(username: string, password: string): Promise<Exchange> {
    return this.send('POST', '/cookie/login', { json: { username, password }, unrestricted: true });
  }

  /** `GET /cookie/account` with the given `Cookie` header. */
  cookieAccount(cookie: string): Promise<Exchange> {
    return this.send('GET', '/cookie/account', { headers: { Cookie: cookie }, unrestricted: true });
  }

  async advanceClock(seconds: number): Promise<void> {
    // The checks after this one go on in the stage's future, where the shared login has expired:
    // they log in again. The run puts the clock back before it ends.
    this.#scope.clockMoved = true;
    this.#scope.setups.delete(SHARED_LOGIN);
    await this.target.advanceClock(seconds);
  }
}
