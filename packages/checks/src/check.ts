import { type ApiTarget, BrowserCannotSend, type CheckId, type CheckStatus, type Exchange, type Verdict as ContractVerdict } from '@authlab/contract';
import { BudgetSpent, Probe, RunScope, WaitedTooLong } from './probe.ts';

/** What a learner reads to see why a check decided as it did. */
export interface Evidence {
  /** Why these requests and answers mean pass or fail, in a sentence or two. */
  explanation: string;
  /** The requests that matter, in order, with what came back. */
  exchanges: Exchange[];
  /** Figures the verdict rests on, e.g. median timings. */
  measurements?: Record<string, number>;
}

export interface CheckResult {
  status: CheckStatus;
  evidence: Evidence;
  /** Requests the check sent, retries after 429 included. */
  requests: number;
}

export interface Check {
  id: CheckId;
  title: string;
  /** The lesson folder that teaches the defence, e.g. `06-lockout`. */
  lesson: string;
  /** What to change when the check fails. */
  hint: string;
  /** The most requests it sends to a learner's own API (said up front, retries after 429 included). */
  budget: number;
  /** `scope` shares setup between the checks of one run (see `runChecks`); alone, a check sets up everything itself. */
  run(target: ApiTarget, scope?: RunScope): Promise<CheckResult>;
}

/** A verdict under construction: the check body decides, the probe supplies the evidence. */
export type Verdict = ContractVerdict<CheckStatus>;

/**
 * Builds a check from its decision function. The stage is reset first (unless the run's scope
 * says the check may share it with the last one), every request is recorded as evidence, and a
 * probe that breaks (the stage answered something unexpected) becomes a failure that says what
 * happened, not an exception.
 */
export function defineCheck(
  definition: Omit<Check, 'run'> & {
    decide(probe: Probe): Promise<Verdict>;
    /** Counts what the stage counts (failures, attempts): start from a reset stage, unless it publishes that it counts nothing. */
    freshStage?: boolean;
  },
): Check {
  const { decide, freshStage = false, ...meta } = definition;
  return {
    ...meta,
    async run(target, scope = new RunScope()) {
      // A budget binds on a learner's own API; a stage is the lab's own, reset between checks.
      const probe = new Probe(target, scope, target.description === undefined ? {} : { budget: meta.budget });
      const requests = (): number => probe.requestsSent;
      try {
        // Probing for a login route counts as an attempt on a rate-limited stage; reset after it.
        await probe.hasLogin();
        if ((freshStage && !scope.limitFree) || probe.needsReset) await probe.reset();
        const verdict = await decide(probe);
        return {
          status: verdict.status,
          evidence: {
            explanation: verdict.explanation,
            exchanges: probe.exchanges,
            ...(verdict.measurements ? { measurements: verdict.measurements } : {}),
          },
          requests: requests(),
        };
      } catch (error) {
        if (error instanceof BrowserCannotSend) {
          const explanation = `Not decided here: ${error.message}. Run it from a terminal (npm run check) or from the lab's playground.`;
          return { status: 'n/a', evidence: { explanation, exchanges: probe.exchanges }, requests: requests() };
        }
        // On a learner's API, a check that cannot finish (no answer, a registration the API refused,
        // a budget or a wait used up) has found nothing about the mistake it looks for: n/a, with why.
        if (error instanceof BudgetSpent || error instanceof WaitedTooLong || target.description !== undefined) {
          const reason = error instanceof Error ? error.message : String(error);
          return { status: 'n/a', evidence: { explanation: `Not decided: ${reason}.`, exchanges: probe.exchanges }, requests: requests() };
        }
        const reason = error instanceof Error ? error.message : String(error);
        return { status: 'fail', evidence: { explanation: `The check could not finish: ${reason}.`, exchanges: probe.exchanges }, requests: requests() };
      }
    },
  };
}

export const pass = (explanation: string, measurements?: Record<string, number>): Verdict => ({
  status: 'pass',
  explanation,
  ...(measurements ? { measurements } : {}),
});
export const fail = (explanation: string, measurements?: Record<string, number>): Verdict => ({
  status: 'fail',
  explanation,
  ...(measurements ? { measurements } : {}),
});
export const notApplicable = (explanation: string): Verdict => ({ status: 'n/a', explanation });
