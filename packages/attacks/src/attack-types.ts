/**
 * The vocabulary of an attack run: budgets, progress, the points charts draw and what the
 * attacker found. Kept apart from attack.ts, which builds runs, so that the context a run hands
 * its attack can use these types without importing the module that imports it.
 */
import type { AttackId } from '@authlab/contract';

/** Every attack stops by itself at whichever limit it reaches first. */
export interface AttackBudget {
  /** Requests sent (or, offline, guesses hashed) in the attack phase; setup does not count. */
  maxAttempts: number;
  /** Wall-clock time for the whole run, setup included. */
  maxDurationMs: number;
}

/** One request of the attack: a point on the "status codes over attempts" chart. */
export interface AttemptPoint {
  /** 1-based, in the order sent. */
  index: number;
  /** When it was answered, since the attack started. */
  atMs: number;
  status: number;
  durationMs: number;
  /** What was tried, e.g. the guessed password or `alice / 123456`. */
  label: string;
  /** A series name for charts with several, e.g. `known-user` and `unknown-user`. */
  group?: string;
}

/** Raw response times of failed logins, for the timing-distribution chart. */
export interface TimingSamples {
  unknownUserMs: number[];
  knownUserMs: number[];
}

export interface AttackSeries {
  attempts: AttemptPoint[];
  timing?: TimingSamples;
}

/** What the attacker walked away with, or tried: one row of a findings table. */
export interface Finding {
  /** e.g. a username, or a forgery's name. */
  subject: string;
  /** e.g. the cracked password, "exists", or "refused". */
  value: string;
  detail?: string;
}

export interface AttackProgress {
  attack: AttackId;
  phase: 'setup' | 'attack';
  /** Units of this attack's own plan (requests, guesses, samples), for a progress bar. */
  completed: number;
  total: number;
  message: string;
  /** Set when a request was just answered: stream it into a live chart. */
  attempt?: AttemptPoint;
}
