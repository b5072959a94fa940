import type { AttackId, AttackOutcome, Verdict as ContractVerdict, WireCapture } from '@authlab/contract';
import { AttackContext, type AttackTarget } from './context.ts';
import type { GuessRateCache } from './guess-rates.ts';
import type { AttackBudget, AttackProgress, AttackSeries, Finding } from './attack-types.ts';

export type { AttackBudget, AttackProgress, AttackSeries, AttemptPoint, Finding, TimingSamples } from './attack-types.ts';
export type { AttackTarget } from './context.ts';

export interface AttackRunOptions {
  /** Aborting rejects the run with the signal's reason; progress events already carry the data so far. */
  signal?: AbortSignal;
  onProgress?: (progress: AttackProgress) => void;
  /** Overrides for the attack's default budget. */
  budget?: Partial<AttackBudget>;
  /**
   * Guess rates shared by the cells of one matrix run: measured by the first breach-crack that
   * needs them, reused (and said to be) by the rest. Without it each run measures its own.
   */
  guessRates?: GuessRateCache;
}

/** What an attack body decides (status: how it ended; explanation: one sentence for the presenter, with the numbers); `defineAttack` adds the rest. */
export interface Verdict extends ContractVerdict<AttackOutcome> {
  /** A few words for a matrix cell, e.g. `10 guesses, 2.1 s`. */
  figure: string;
  findings?: Finding[];
  /** What a sniffer captured on the wire, for the attacks that listen rather than guess. */
  wire?: WireCapture;
}

export interface AttackResult extends Verdict {
  attack: AttackId;
  /** The stage's id, or on a learner's own API its name (its URL when it has none). */
  stage: string;
  /** The figures behind the status, units in their names. */
  measurements: Record<string, number>;
  findings: Finding[];
  series: AttackSeries;
  /** Instructor mistakes that were on while the attack ran. */
  mistakes: string[];
  /** `budget` when the attack ran out of attempts or time before it could finish. */
  stoppedBy: 'finished' | 'budget';
  durationMs: number;
}

export interface Attack {
  id: AttackId;
  title: string;
  /** The threat, in a sentence or two, for the presenter. */
  description: string;
  /** The lesson folder whose defence this attack tests, e.g. `06-lockout`. */
  lesson: string;
  defaultBudget: AttackBudget;
  /**
   * What the attack shows is time measured on this machine (response times, the order a burst
   * is answered in, hashes per second): the replay matrix runs it alone, with nothing else
   * loading the server or this thread.
   */
  needsQuietMachine?: boolean;
  /** Its attempts are guesses hashed on this machine, not requests: the target sees none of them. */
  offline?: boolean;
  /** Against an AuthLab stage, or a learner's own API known by its description (`createDescribedTarget`). */
  run(target: AttackTarget, options?: AttackRunOptions): Promise<AttackResult>;
}

export interface AttackDefinition extends Omit<Attack, 'run'> {
  /**
   * Why the target offers nothing to attack, or lacks what the attack needs (on an own API: what
   * to add), or undefined when it can run. Decided before any request of the attack is sent.
   */
  notApplicableBecause?(context: AttackContext): string | undefined;
  execute(context: AttackContext): Promise<Verdict>;
}

/**
 * Builds an attack from its body. The run reads the stage, skips a stage the attack does not
 * apply to, resets the stage (keeping the instructor's mistakes), and wraps the verdict with the
 * series, timings and mistakes the UI charts. A learner's own API is never reset (it has no such
 * route): the attack plants its own accounts under fresh names instead.
 */
export function defineAttack(definition: AttackDefinition): Attack {
  const { execute, notApplicableBecause, ...meta } = definition;
  return {
    ...meta,
    async run(target, options = {}) {
      const signal = options.signal ?? new AbortController().signal;
      signal.throwIfAborted();
      const stage = 'describe' in target ? await target.describe() : undefined;
      const context = new AttackContext({
        attack: meta.id,
        target,
        ...(stage === undefined ? {} : { stage }),
        signal,
        budget: { ...meta.defaultBudget, ...options.budget },
        ...(options.guessRates ? { guessRates: options.guessRates } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
      const reason = notApplicableBecause?.(context);
      let verdict: Verdict = { status: 'not-applicable', figure: 'n/a', explanation: reason ?? '' };
      if (reason === undefined) {
        // Only a stage has a reset route; an own API is left as it is.
        if (stage !== undefined) await context.labStage().reset();
        verdict = await execute(context);
      }
      return {
        attack: meta.id,
        stage: context.targetName,
        status: verdict.status,
        figure: verdict.figure,
        explanation: verdict.explanation,
        measurements: verdict.measurements ?? {},
        findings: verdict.findings ?? [],
        series: context.series(),
        mistakes: stage?.lab.mistakes ?? [],
        stoppedBy: context.ranOutOfBudget ? 'budget' : 'finished',
        durationMs: Math.round(context.elapsedMs()),
        ...(verdict.wire === undefined ? {} : { wire: verdict.wire }),
      };
    },
  };
}
