import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from './password.ts';

/** The three numbers Argon2id is tuned with; all three are written into every hash it makes. */
export interface Argon2idParameters {
  /** Memory each hash fills, in KiB (`m=`): what makes guessing expensive on GPUs. */
  memoryKiB: number;
  /** Passes over that memory (`t=`). */
  iterations: number;
  /** Lanes computed side by side (`p=`). */
  parallelism: number;
}

/**
 * The Argon2id configuration the OWASP Password Storage Cheat Sheet names in its summary:
 * 19 MiB of memory, 2 iterations, 1 degree of parallelism. The cheat sheet lists other
 * combinations of equal strength (more memory and fewer passes, or the reverse).
 */
export const OWASP_ARGON2ID: Readonly<Argon2idParameters> = Object.freeze({ memoryKiB: 19_456, iterations: 2, parallelism: 1 });

// Version 19 (0x13) is the current Argon2; salt and hash are unpadded standard base64 (PHC format).
const ARGON2ID_PHC = /^\$argon2id\$v=19\$m=(\d{1,10}),t=(\d{1,10}),p=(\d{1,3})\$[A-Za-z0-9+/]{11,64}\$[A-Za-z0-9+/]{16,86}$/;

/**
 * Reads the parameters out of a stored `$argon2id$v=19$m=…,t=…,p=…$salt$hash` value, or
 * undefined if it is not one (another scheme, Argon2i/Argon2d, or the old version 16).
 */
export function argon2idParametersOf(stored: string): Argon2idParameters | undefined {
  const match = ARGON2ID_PHC.exec(stored);
  if (match === null) return undefined;
  const [memoryKiB, iterations, parallelism] = match.slice(1, 4).map(Number) as [number, number, number];
  return validParameters({ memoryKiB, iterations, parallelism }) ? { memoryKiB, iterations, parallelism } : undefined;
}

function validParameters({ memoryKiB, iterations, parallelism }: Argon2idParameters): boolean {
  const whole = (value: number): boolean => Number.isSafeInteger(value) && value >= 1;
  // Argon2 needs at least 8 KiB per lane, and the binding caps lanes at 255 and the rest at 2^32 - 1.
  return (
    whole(memoryKiB) && whole(iterations) && whole(parallelism) && parallelism <= 255 && memoryKiB >= 8 * parallelism && memoryKiB <= 0xffff_ffff && iterations <= 0xffff_ffff
  );
}

/**
 * Argon2id, OWASP's first choice: salted, slow, and memory-hard, so each guess also costs an
 * attacker megabytes of fast memory, which is what GPUs have little of per core.
 * Only the async functions are used: they run on the binding's own threads, never blocking requests.
 */
export function createArgon2idHasher(options: Partial<Argon2idParameters> = {}): PasswordHasher & { readonly argon2id: Readonly<Argon2idParameters> } {
  const parameters: Readonly<Argon2idParameters> = Object.freeze({ ...OWASP_ARGON2ID, ...options });
  if (!validParameters(parameters)) {
    throw new RangeError(`Argon2id needs whole numbers with memoryKiB >= 8 x parallelism and parallelism <= 255, got ${JSON.stringify(parameters)}`);
  }
  // Argon2id and version 19 are the binding's defaults; 16-byte salt and 32-byte hash likewise.
  const hashOptions = { memoryCost: parameters.memoryKiB, timeCost: parameters.iterations, parallelism: parameters.parallelism };
  return {
    scheme: 'argon2id',
    argon2id: parameters,
    hash(password) {
      return hash(password, hashOptions);
    },
    async verify(password, stored) {
      // The parameters come from the stored value; only well-formed Argon2id reaches the binding.
      if (argon2idParametersOf(stored) === undefined) return false;
      return verify(stored, password);
    },
    needsRehash(stored) {
      const storedParameters = argon2idParametersOf(stored);
      // Lanes only split the same memory and passes across threads; a guess costs the attacker
      // memory x passes whatever p is, so p alone never makes a hash weaker.
      return storedParameters === undefined || storedParameters.memoryKiB < parameters.memoryKiB || storedParameters.iterations < parameters.iterations;
    },
  };
}
