import { DescribedApi, randomPassword, randomUsername, stageApiDescription, TargetClient, type StageTarget } from '@authlab/contract';

/**
 * How many attempts a stage's lockout and login rate limit really let through, measured on the
 * spot, to set beside what its policy promises. A counter kept in each process's memory is exact
 * while one process answers; behind a load balancer each process sees only its share of the
 * attempts, and the allowance grows with the number of processes. Sent through the same target
 * as the attacks, so it works from the playground, the CLI and through a classroom's proxy.
 */

/** The probe stops after this many times the promise (plus one), so a stage without a working limit does not take a wordlist's time. */
const CAP_FACTOR = 4;

/** How a probe ended: the status that cut it off (423 or 429 when the defence answered), or `cap`. */
export type ProbeEnd = number | 'cap';

export interface LockoutAllowance {
  /** Failures the policy allows before it locks the name. */
  promised: number;
  /** Wrong guesses answered 401 (their password checked) before the probe ended. */
  checked: number;
  endedBy: ProbeEnd;
}

export interface RateLimitAllowance {
  /** Logins the policy answers per client and window. */
  promised: number;
  windowSeconds: number;
  /** Logins answered 401 before the probe ended. */
  answered: number;
  endedBy: ProbeEnd;
}

export interface AllowanceMeasurement {
  stage: string;
  /** Instructor mistakes on while it was measured. */
  mistakes: string[];
  /** Absent when the stage has no lockout. */
  lockout?: LockoutAllowance;
  /** Absent when the stage has no login rate limit. */
  rateLimit?: RateLimitAllowance;
  /** Logins sent by both probes. */
  logins: number;
  durationMs: number;
}

export interface AllowanceProgress {
  probe: 'lockout' | 'rate-limit';
  /** Logins this probe has sent so far. */
  sent: number;
  status: number;
}

export interface MeasureAllowanceOptions {
  signal?: AbortSignal;
  onProgress?: (progress: AllowanceProgress) => void;
}

/** Whether a stage's policy has anything for `measureAllowance` to measure. */
export function hasAllowance(policy: { lockout?: unknown; rateLimit?: unknown }): boolean {
  return Boolean(policy.lockout) || Boolean(policy.rateLimit);
}

/**
 * Sends wrong logins one at a time: first for one fresh name until the lockout answers 423, then
 * for a fresh name each (so the lockout never answers) until the rate limit answers 429. The
 * stage is reset before, between and after (its instructor mistakes kept), so neither probe
 * spends the other's allowance and the class finds the stage as a run leaves it.
 */
export async function measureAllowance(target: StageTarget, options: MeasureAllowanceOptions = {}): Promise<AllowanceMeasurement> {
  const started = performance.now();
  const { policy, lab } = await target.describe();
  const client = new TargetClient(target, { keepEvidence: false, ...(options.signal ? { signal: options.signal } : {}) });
  const api = new DescribedApi(client, stageApiDescription({ basic: false, refresh: false }));
  if (!api.hasLogin || !hasAllowance(policy)) throw new Error(`stage ${target.stage} has no lockout or login rate limit to measure`);
  let logins = 0;
  const probe = async (name: AllowanceProgress['probe'], username: () => string, limit: number): Promise<{ counted: number; endedBy: ProbeEnd }> => {
    const cap = CAP_FACTOR * limit + 1;
    for (let sent = 1; sent <= cap; sent++) {
      const { exchange } = await api.login(username(), randomPassword());
      logins += 1;
      const status = exchange.response.status;
      options.onProgress?.({ probe: name, sent, status });
      // Any answer but a plain refusal ends the probe: the defence (423, 429), or something else the figure must name.
      if (status !== 401) return { counted: sent - 1, endedBy: status };
    }
    return { counted: cap, endedBy: 'cap' };
  };

  let lockout: LockoutAllowance | undefined;
  if (policy.lockout) {
    await target.reset();
    const victim = randomUsername('locked');
    const { counted, endedBy } = await probe('lockout', () => victim, policy.lockout.maxFailures);
    lockout = { promised: policy.lockout.maxFailures, checked: counted, endedBy };
  }
  let rateLimit: RateLimitAllowance | undefined;
  if (policy.rateLimit) {
    await target.reset();
    const { counted, endedBy } = await probe('rate-limit', () => randomUsername('limited'), policy.rateLimit.limit);
    rateLimit = { promised: policy.rateLimit.limit, windowSeconds: policy.rateLimit.windowSeconds, answered: counted, endedBy };
  }
  // Leaves no locked name and no spent rate limit behind for the class's next request.
  await target.reset();
  return {
    stage: target.stage,
    mistakes: lab.mistakes,
    ...(lockout === undefined ? {} : { lockout }),
    ...(rateLimit === undefined ? {} : { rateLimit }),
    logins,
    durationMs: Math.round(performance.now() - started),
  };
}
