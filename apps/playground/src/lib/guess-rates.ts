/**
 * The breach-crack attack's guesses-per-second comparison, read out of its measurements as
 * rows for a chart: one per scheme, with the parameters it was measured at.
 */

export interface GuessRateRow {
  scheme: 'SHA-256' | 'bcrypt' | 'Argon2id';
  parameters: string;
  perSecond: number;
  /** How many times slower than SHA-256 each guess is. */
  timesSlower: number;
}

export function guessRateRows(measurements: Readonly<Record<string, number>>): GuessRateRow[] | undefined {
  const { sha256GuessesPerSecond: sha256, bcryptGuessesPerSecond: bcrypt, argon2idGuessesPerSecond: argon2id } = measurements;
  if (sha256 === undefined || bcrypt === undefined || argon2id === undefined || sha256 <= 0) return undefined;
  const row = (scheme: GuessRateRow['scheme'], parameters: string, perSecond: number): GuessRateRow => ({
    scheme,
    parameters,
    perSecond,
    timesSlower: perSecond > 0 ? Math.round(sha256 / perSecond) : Number.POSITIVE_INFINITY,
  });
  const memoryKiB = measurements.argon2idMemoryKiB;
  const argon2Parameters =
    memoryKiB === undefined ? '' : `${Math.round(memoryKiB / 1024)} MiB, t=${measurements.argon2idIterations ?? '?'}, p=${measurements.argon2idParallelism ?? '?'}`;
  return [
    row('SHA-256', 'unsalted, one pass', sha256),
    row('bcrypt', measurements.bcryptCost === undefined ? '' : `cost ${measurements.bcryptCost}`, bcrypt),
    row('Argon2id', argon2Parameters, argon2id),
  ];
}

/** A rate as people say it: 312,000/s, 3.4/s, 0.75/s. */
export function formatRate(perSecond: number): string {
  if (perSecond >= 100) return `${Math.round(perSecond).toLocaleString('en')}/s`;
  return `${Number(perSecond.toPrecision(2)).toLocaleString('en')}/s`;
}
