import type { Express } from 'express';

/** What the exercise tests hand to your `createApp`. Use these instead of your own values. */
export interface ExerciseOptions {
  /** Milliseconds since the epoch. The tests move it forward to see your tokens expire. */
  clock: () => number;
  /** bcrypt work factor to hash with; the tests use 10. */
  bcryptCost: number;
  /** 32 random bytes to sign JWTs with. Never hard-code a secret. */
  jwtSecret: Uint8Array;
}

/** Every exercise exports one of these from its `app.ts`. */
export type CreateExerciseApp = (options: ExerciseOptions) => Express;
