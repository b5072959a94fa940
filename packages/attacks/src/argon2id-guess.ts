/**
 * Argon2id guesses in WebAssembly (hash-wasm), so the attack runs in the browser as it does in
 * Node. The server hashes natively; a guess here costs somewhat more, as a bcryptjs guess does.
 */
import { argon2id } from 'hash-wasm';
import { parseArgon2 } from '@authlab/contract';

export interface Argon2idCost {
  memoryKiB: number;
  iterations: number;
  parallelism: number;
}

/** A hostile dump could name terabytes; a hash that would need more than this is not guessed at. */
export const MAX_GUESS_MEMORY_KIB = 256 * 1024;

/** One Argon2id computation: what every guess against one salt costs. */
export async function argon2idGuess(password: string, salt: Uint8Array, cost: Argon2idCost, outputBytes = 32): Promise<Uint8Array> {
  if (cost.memoryKiB > MAX_GUESS_MEMORY_KIB) throw new RangeError(`Argon2id with ${cost.memoryKiB} KiB is more memory than this cracker spends on a guess`);
  return argon2id({
    password,
    salt,
    memorySize: cost.memoryKiB,
    iterations: cost.iterations,
    parallelism: cost.parallelism,
    hashLength: outputBytes,
    outputType: 'binary',
  });
}

/** Whether `password` is the one behind a stored `$argon2id$v=19$…` value. */
export async function argon2idMatches(password: string, stored: string): Promise<boolean> {
  const parts = parseArgon2(stored);
  if (parts?.variant !== 'argon2id' || parts.version !== 19 || parts.memoryKiB > MAX_GUESS_MEMORY_KIB) return false;
  const expected = base64Bytes(parts.hash);
  const actual = await argon2idGuess(password, base64Bytes(parts.salt), parts, expected.length);
  // An attacker's own machine: nobody is timing this comparison.
  return actual.length === expected.length && actual.every((byte, index) => byte === expected[index]);
}

/** PHC strings use standard base64 without padding, which atob accepts. */
function base64Bytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (character) => character.charCodeAt(0));
}
