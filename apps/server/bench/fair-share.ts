import { join, LEARNER_PASSWORD, send, type Learner } from './class-sim.ts';
import type { Traffic } from './traffic.ts';

/**
 * How long a quiet learner's bcrypt login takes while classmates brute-force a bcrypt stage: the
 * figure behind the classroom's fair bcrypt queue. Every learner here has a workspace of its own.
 */

export interface FairSharePlan {
  bruteForcers: number;
  /** Requests each brute forcer keeps in flight, as a parallel attack script would. */
  inFlightEach: number;
  quietLearners: number;
  /** Each quiet learner logs in once this often. */
  quietIntervalMs: number;
  /** Logins timed one after another on the idle server, for the length of one login alone. */
  aloneLogins: number;
}

const STAGE = 'bcrypt';
const VICTIM = 'victim';

export interface FairShareClass {
  /** The median of logins sent one after another to the idle server: one hash and its request. */
  loginAloneMs(): Promise<number>;
  /** Quiet learners' login latencies over `seconds`, with the brute forcers at work or not. */
  quietLogins(seconds: number, withBruteForce: boolean): Promise<{ latenciesMs: number[]; bruteForceRequests: number }>;
}

/** Joins the brute forcers and the quiet learners and gives each an account on the bcrypt stage. */
export async function seatFairShareClass(url: string, joinCode: string, plan: FairSharePlan, traffic: Traffic): Promise<FairShareClass> {
  const seat = async (prefix: string, username: string): Promise<Learner> => {
    const learner = await join(url, joinCode, prefix, traffic);
    await send(traffic, url, learner, `/api/stages/${STAGE}/register`, 201, { username, password: LEARNER_PASSWORD });
    return learner;
  };
  const bruteForcers = await Promise.all(Array.from({ length: plan.bruteForcers }, (_, index) => seat(`b${index}`, VICTIM)));
  const quiet = await Promise.all(Array.from({ length: plan.quietLearners }, (_, index) => seat(`q${index}`, 'quiet')));

  const login = async (learner: Learner, username: string, password: string, expected: number | readonly number[]): Promise<void> => {
    await send(traffic, url, learner, `/api/stages/${STAGE}/login`, expected, { username, password });
  };

  /**
   * Wrong guesses, `inFlightEach` at a time per brute forcer, until stopped. A 429 is the
   * classroom's fair share answering a brute forcer that sends too much; it counts as sent.
   */
  const bruteForce = (): { stop(): Promise<number> } => {
    let running = true;
    let requests = 0;
    const lanes = bruteForcers.flatMap((learner) =>
      Array.from({ length: plan.inFlightEach }, async () => {
        while (running) {
          await login(learner, VICTIM, `guess-${requests}`, [401, 429]);
          requests += 1;
        }
      }),
    );
    // Settled, not raced: a lane that failed must not leave an unhandled rejection behind.
    const settled = Promise.allSettled(lanes);
    return {
      stop: async () => {
        running = false;
        const failed = (await settled).find((lane) => lane.status === 'rejected');
        if (failed !== undefined) throw failed.reason;
        return requests;
      },
    };
  };

  return {
    async loginAloneMs() {
      const [first] = quiet;
      if (first === undefined) throw new Error('no quiet learner');
      const times: number[] = [];
      for (let index = 0; index < plan.aloneLogins; index += 1) {
        const started = performance.now();
        await login(first, 'quiet', LEARNER_PASSWORD, 200);
        times.push(performance.now() - started);
      }
      return [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)] ?? NaN;
    },
    async quietLogins(seconds, withBruteForce) {
      const attack = withBruteForce ? bruteForce() : undefined;
      // Let the brute force fill the queues first: a login sent into an empty server says nothing.
      if (attack !== undefined) await new Promise((resolve) => setTimeout(resolve, 500));
      const perLearner = Math.max(1, Math.floor((seconds * 1000) / plan.quietIntervalMs));
      const latencies = await Promise.all(
        quiet.map(async (learner, position) => {
          const measured: number[] = [];
          // Spread over the interval, so the quiet learners do not all arrive together.
          const start = performance.now() + (position * plan.quietIntervalMs) / quiet.length;
          // Logins still due once the time is up are not sent: a server that falls behind would
          // otherwise stretch the run without end. The ones sent late are charged their lateness.
          const end = start + seconds * 1000;
          for (let index = 0; index < perLearner && performance.now() < end; index += 1) {
            const due = start + index * plan.quietIntervalMs;
            const wait = due - performance.now();
            if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
            // A login sent late because the last one came back late is timed from when it was due,
            // so a stalled server cannot hide the logins it delayed (coordinated omission).
            const from = wait > 0 ? performance.now() : due;
            await login(learner, 'quiet', LEARNER_PASSWORD, 200);
            measured.push(performance.now() - from);
          }
          return measured;
        }),
      );
      const bruteForceRequests = attack === undefined ? 0 : await attack.stop();
      return { latenciesMs: latencies.flat(), bruteForceRequests };
    },
  };
}
