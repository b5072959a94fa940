import type { ApiTarget } from '@authlab/contract';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CreateExerciseApp } from './contract.ts';

export type ExerciseName = 'challenge' | 'mini-project';
export type ExerciseVariant = 'starter' | 'solution';

/** Which code the tests exercise: the learner's starter unless `--solution` was asked for. */
function selectedVariant(): ExerciseVariant {
  return process.env.AUTHLAB_EXERCISE_VARIANT === 'solution' ? 'solution' : 'starter';
}

export async function loadExercise(name: ExerciseName, variant = selectedVariant()): Promise<CreateExerciseApp> {
  const module = (await import(`../${name}/${variant}/app.ts`)) as { createApp?: CreateExerciseApp };
  if (typeof module.createApp !== 'function') throw new Error(`${name}/${variant}/app.ts must export createApp(options)`);
  return module.createApp;
}

export interface RunningExercise {
  baseUrl: string;
  /** The same app as a practice-check target; its clock is the fake one below. */
  target: ApiTarget;
  advanceClockSeconds(seconds: number): void;
  close(): Promise<void>;
}

/** bcrypt cost the exercises are checked at: the lowest a real deployment should use. */
const EXERCISE_BCRYPT_COST = 10;

/** Starts the exercise app on an ephemeral loopback port, with a clock the tests control. */
export async function startExercise(createApp: CreateExerciseApp): Promise<RunningExercise> {
  let nowMs = Date.now();
  const app = createApp({ clock: () => nowMs, bcryptCost: EXERCISE_BCRYPT_COST, jwtSecret: randomBytes(32) });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const advanceClockSeconds = (seconds: number): void => {
    nowMs += seconds * 1000;
  };
  return {
    baseUrl,
    target: { baseUrl, advanceClock: async (seconds) => advanceClockSeconds(seconds) },
    advanceClockSeconds,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
