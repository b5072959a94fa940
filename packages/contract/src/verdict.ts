/**
 * What a practice check or an attack concluded: a status on its own scale (`pass`/`fail`/`n/a`
 * for a check, `cracked` … `refused` for an attack), why, in words a learner can read, and the
 * figures it rests on, units in their names.
 */
export interface Verdict<Status extends string> {
  status: Status;
  explanation: string;
  measurements?: Record<string, number>;
}
