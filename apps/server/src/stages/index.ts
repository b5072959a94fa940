import type { StageModule } from '../stage.ts';
import { plaintextStage } from './01-plaintext.ts';
import { sha256Stage } from './02-sha256.ts';
import { bcryptStage } from './03-bcrypt.ts';
import { basicStage } from './04-basic.ts';
import { jwtStage } from './05-jwt.ts';
import { lockoutStage } from './06-lockout.ts';

/** The numbers production runs with: what each stage's `policy` reports by default. */
export { DEFAULT_SETTINGS } from '../stage.ts';

/** How many processes a lab running as one stands in for while `memory-rate-limit` is on: the factor lesson 6 measures. */
export { SIMULATED_PROCESSES } from '../process-memory.ts';

/** The instructor mistakes a stage can be switched to, which lessons name beside the practice checks. */
export { MISTAKE_IDS } from '../lab-mistakes.ts';

/** The six stages in lesson order. */
export const STAGES: readonly StageModule[] = [plaintextStage, sha256Stage, bcryptStage, basicStage, jwtStage, lockoutStage];
