/**
 * Reading Argon2 hashes in the PHC string format, `$argon2id$v=19$m=…,t=…,p=…$salt$hash`, and
 * judging their parameters against OWASP's minimums. Browser-safe: the playground uses it too.
 */

export interface Argon2Parts {
  variant: 'argon2id' | 'argon2i' | 'argon2d';
  /** 19 (0x13) is the current version; 16 is the original one. */
  version: number;
  /** `m=`: memory per hash, in KiB. */
  memoryKiB: number;
  /** `t=`: passes over that memory. */
  iterations: number;
  /** `p=`: lanes. */
  parallelism: number;
  /** Base64 salt: random, different for every user. */
  salt: string;
  /** Base64 result. */
  hash: string;
}

/**
 * The OWASP Password Storage Cheat Sheet's Argon2id minimums: five settings of equal strength,
 * trading memory for passes. The first two are too weak for Argon2i.
 */
export const OWASP_ARGON2_MINIMUMS: readonly { memoryKiB: number; iterations: number; parallelism: number; argon2i: boolean }[] = [
  { memoryKiB: 47_104, iterations: 1, parallelism: 1, argon2i: false },
  { memoryKiB: 19_456, iterations: 2, parallelism: 1, argon2i: false },
  { memoryKiB: 12_288, iterations: 3, parallelism: 1, argon2i: true },
  { memoryKiB: 9_216, iterations: 4, parallelism: 1, argon2i: true },
  { memoryKiB: 7_168, iterations: 5, parallelism: 1, argon2i: true },
];

/** The setting the cheat sheet's summary names (19 MiB, 2 passes, 1 lane): what the lab compares rates at. */
export const OWASP_ARGON2ID: Readonly<{ memoryKiB: number; iterations: number; parallelism: number }> = Object.freeze({
  memoryKiB: 19_456,
  iterations: 2,
  parallelism: 1,
});

const ARGON2_PHC = /^\$(argon2id|argon2i|argon2d)\$(?:v=(\d{2})\$)?m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$([A-Za-z0-9+/]{11,64})\$([A-Za-z0-9+/]{16,86})$/;

export function parseArgon2(stored: string): Argon2Parts | undefined {
  const match = ARGON2_PHC.exec(stored);
  if (match === null) return undefined;
  const [, variant, version = '16', memoryKiB = '', iterations = '', parallelism = '', salt = '', hash = ''] = match;
  const numbers = [Number(memoryKiB), Number(iterations), Number(parallelism)];
  if (numbers.some((value) => !Number.isSafeInteger(value) || value < 1)) return undefined;
  return {
    variant: variant as Argon2Parts['variant'],
    version: Number(version),
    memoryKiB: Number(memoryKiB),
    iterations: Number(iterations),
    parallelism: Number(parallelism),
    salt,
    hash,
  };
}

/**
 * Whether a hash costs at least one of OWASP's minimums per guess: as much memory and as many
 * passes as that setting. Argon2d is never enough, being open to side channels on a server.
 */
export function meetsOWASPMinimum(parts: Argon2Parts): boolean {
  if (parts.variant === 'argon2d') return false;
  return OWASP_ARGON2_MINIMUMS.some(
    (minimum) => (parts.variant === 'argon2id' || minimum.argon2i) && parts.memoryKiB >= minimum.memoryKiB && parts.iterations >= minimum.iterations,
  );
}

/** One line naming the parameters, e.g. `Argon2id, m=19456 KiB (19 MiB), t=2, p=1`. */
export function describeArgon2(parts: Argon2Parts): string {
  const name = { argon2id: 'Argon2id', argon2i: 'Argon2i', argon2d: 'Argon2d' }[parts.variant];
  const mebibytes = Math.round((parts.memoryKiB / 1024) * 10) / 10;
  return `${name}, m=${parts.memoryKiB} KiB (${mebibytes} MiB), t=${parts.iterations}, p=${parts.parallelism}`;
}
