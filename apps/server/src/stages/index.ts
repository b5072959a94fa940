import type { StageModule } from '../stage.ts';
import { plaintextStage } from './01-plaintext.ts';
import { sha256Stage } from './02-sha256.ts';
import { bcryptStage } from './03-bcrypt.ts';
import { basicStage } from './04-basic.ts';
import { jwtStage } from './05-jwt.ts';
import { lockoutStage } from './06-lockout.ts';

/** The numbers production runs with: what each stage's `policy` reports by default. */
export { DEFAULT_SETTINGS } from '../stage.ts';

/** The six stages in lesson order. */
export const STAGES: readonly StageModule[] = [plaintextStage, sha256Stage, bcryptStage, basicStage, jwtStage, lockoutStage];
