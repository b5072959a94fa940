import { BCRYPT_MAX_PASSWORD_BYTES, exceedsBcryptLimit, type PasswordHasher } from '@authlab/auth-core';
import type { ExpectedAttackProfile, StageDescription, WireTransport } from '@authlab/contract';
import type { Request, Router } from 'express';
import { trace } from './flow.ts';
import { HttpError } from './http-error.ts';
import { parseBody } from './input.ts';
import { clockAdvanceSchema, legacyUserSchema, mistakeToggleSchema, sniffSchema } from './lab-input.ts';
import { isLoopbackAddress, type LabClock } from './lab-clock.ts';
import { MISTAKES, availableMistakes, withMistakeCheckEffects, withMistakeEffects, type LabMistakes } from './lab-mistakes.ts';
import { sniffOwnRequest, transportOf } from './sniff.ts';
import type { StageModule, StageSettings } from './stage.ts';
import type { StageControls } from './stage-controls.ts';
import type { StageStore } from './store/stage-store.ts';

/** One stage as the lab runs it: the lesson's module plus the demo controls around it. */
export interface LabStage {
  stage: StageModule;
  settings: StageSettings;
  store: StageStore;
  clock: LabClock;
  mistakes: LabMistakes;
  /** Clears what the stage counts outside its rows (rate-limit counters), wherever they are kept. */
  resetMemory?: () => Promise<void>;
  /** The stage's own scheduled bcrypt (see StageContext), for planting legacy users. */
  createBcryptHasher(options: { cost: number }): PasswordHasher;
  /** Where the clock and the mistakes are kept when several processes serve the stage; this process's memory alone without it. */
  controls?: StageControls;
}

/** Changes the stage's demo controls: in memory, and where the other processes serving it read them. */
function changeControls(lab: LabStage, change: () => void): Promise<void> {
  if (lab.controls !== undefined) return lab.controls.change(change);
  change();
  return Promise.resolve();
}

/**
 * Who can connect to the server: `loopback` when it listens on 127.0.0.1 (the default), `network`
 * when AUTHLAB_ALLOW_REMOTE=1 bound it to an address other machines reach, `owner` in classroom
 * mode, where the classroom's gate lets only the workspace's owner reach its stages at all, so
 * every lab control is theirs, from whichever machine.
 */
export type Exposure = 'loopback' | 'network' | 'owner';

export interface LabRouteOptions {
  exposure: Exposure;
  /** Classroom mode: what the sniffer's victim must send to reach the same workspace (hidden from the capture). */
  workspaceHeaders?: (req: Request) => Record<string, string> | undefined;
}

/**
 * What `GET /api/stages/:stage` answers: the stage, its policy right now, and the lab's state,
 * including the transport the lab is served over, which decides what a sniffer can read.
 */
export function describeStage({ stage, settings, clock, mistakes }: LabStage, transport: WireTransport): StageDescription {
  const policy = stage.policy(settings);
  return {
    ...stage.info,
    // An instructor's re-introduced mistake is part of what the stage does right now.
    policy: { ...policy, mistakes: mistakes.enabled },
    // Like the attacks: what the checks should find on the stage as it is now, mistakes included.
    expectedChecks: withMistakeCheckEffects(stage.expectedChecks, mistakes.enabled),
    expectedAttacks: withTransportEffects(withMistakeEffects(stage.expectedAttacks, mistakes.enabled), transport),
    lab: { clockOffsetSeconds: clock.offsetSeconds, mistakes: mistakes.enabled, availableMistakes: availableMistakes(policy), transport },
  };
}

/**
 * A stage declares its attacks as served over plain HTTP. Over TLS a sniffer on the path sees
 * only encrypted records: the Basic header it would have decoded and replayed never shows.
 */
function withTransportEffects(expected: ExpectedAttackProfile, transport: WireTransport): ExpectedAttackProfile {
  return transport === 'https' && expected['basic-sniffing'] === 'exposed' ? { ...expected, 'basic-sniffing': 'refused' } : expected;
}

/**
 * Adds the lab's plumbing to a stage's router, after the stage's own routes: the description,
 * the breach dump, the demo clock, the instructor's mistakes, planting a legacy user and reset. They are the same on
 * every stage, so they live here and the stage files stay the lesson.
 */
export function addLabRoutes(router: Router, lab: LabStage, options: LabRouteOptions): void {
  const { stage, settings, store, clock, mistakes } = lab;
  const onNetwork = options.exposure === 'network';
  const owned = options.exposure === 'owner';
  const requireThisMachine = (req: Request, message: string): void => {
    if (!owned && !isLoopbackAddress(req.socket.remoteAddress)) throw new HttpError(403, message, { code: 'local_only' });
  };
  router.get('/', (req, res) => {
    res.json(describeStage(lab, transportOf(req)));
  });
  router.get('/breach', async (req, res) => {
    // On a classroom network, every classmate could otherwise read everyone's stored passwords.
    if (onNetwork) requireThisMachine(req, 'The breach dump is only available from this machine while the lab is on a network');
    trace(res, 'LEAK');
    res.json({ users: await store.users.all() });
  });
  router.post('/clock', async (req, res) => {
    // A demo control, not an API: only ever from this machine.
    requireThisMachine(req, 'The demo clock is only available from this machine');
    const move = parseBody(req, clockAdvanceSchema);
    await changeControls(lab, () => {
      if ('reset' in move) clock.reset();
      else clock.advanceSeconds(move.advanceSeconds);
    });
    res.json({ clockOffsetSeconds: clock.offsetSeconds });
  });
  router.post('/sniff', async (req, res) => {
    // A demo control like the clock, and one that makes the server open connections: this machine only.
    requireThisMachine(req, 'The sniffer is only available from this machine');
    const { authorization } = parseBody(req, sniffSchema);
    // The victim asks for this stage's records, as a browser sending Basic credentials would.
    const workspaceHeaders = options.workspaceHeaders?.(req);
    res.json(await sniffOwnRequest(req, { path: `${req.baseUrl}/records`, authorization, ...(workspaceHeaders === undefined ? {} : { workspaceHeaders }) }));
  });
  router.post('/mistakes', async (req, res) => {
    // An instructor's demo control, like the clock: only ever from this machine.
    requireThisMachine(req, 'Instructor mistakes can only be switched from this machine');
    const { mistake, enabled } = parseBody(req, mistakeToggleSchema);
    if (!MISTAKES[mistake].appliesTo(stage.policy(settings))) {
      throw new HttpError(400, `${mistake} does not apply to this stage`, { code: 'mistake_not_applicable' });
    }
    await changeControls(lab, () => mistakes.set(mistake, enabled));
    res.json({ mistakes: mistakes.enabled });
  });
  router.post('/legacy-user', async (req, res) => {
    // A demo control like the clock: it writes a hash no registration would, so only from this machine.
    requireThisMachine(req, 'Legacy users can only be planted from this machine');
    const storage = stage.policy(settings).passwordStorage;
    if (storage.scheme !== 'bcrypt' || storage.cost === null) {
      throw new HttpError(400, 'This stage does not store bcrypt hashes, so it has no older cost to plant', { code: 'legacy_not_applicable' });
    }
    const { username, password, cost = legacyCostBelow(storage.cost) } = parseBody(req, legacyUserSchema);
    if (cost > storage.cost) {
      throw new HttpError(400, `cost must be at most ${storage.cost}, this stage's own: a legacy hash is a cheaper one`, { code: 'invalid_input' });
    }
    // bcrypt would read only the first 72 bytes, and stage 6 refuses longer passwords at login: such a plant could never log in.
    if (exceedsBcryptLimit(password)) {
      throw new HttpError(400, `password must be at most ${BCRYPT_MAX_PASSWORD_BYTES} bytes in UTF-8: bcrypt ignores the rest`, { code: 'invalid_input' });
    }
    const taken = (): HttpError => new HttpError(409, 'Username already taken', { code: 'username_taken' });
    // A taken name costs no hashing.
    if ((await store.users.find(username)) !== undefined) throw taken();
    const stored = await lab.createBcryptHasher({ cost }).hash(password);
    if (!(await store.users.insert({ username, stored }))) throw taken();
    trace(res, 'REG');
    res.status(201).json({ username, stored });
  });
  router.post('/reset', async (req, res) => {
    // On a classroom network, anyone could otherwise wipe the stage the instructor is demonstrating.
    if (onNetwork) requireThisMachine(req, 'Stages can only be reset from this machine while the lab is on a network');
    await resetLab(lab);
    trace(res, 'RESET');
    res.status(204).end();
  });
}

/** Everything `/reset` forgets: the stage's rows, what it keeps in memory, its demo clock and the instructor's mistakes. */
async function resetLab(lab: LabStage): Promise<void> {
  await lab.store.reset();
  let counters: Promise<void> = Promise.resolve();
  // Counted as a reset where several processes share the stage: each forgets what its own memory counted.
  if (lab.controls !== undefined)
    await lab.controls.reset(() => {
      counters = forgetLabMemory(lab);
    });
  else counters = forgetLabMemory(lab);
  await counters;
}

/** What a stage keeps outside its rows: rate-limit counters, its demo clock, the instructor's mistakes. The counters' promise settles once they are cleared. */
export function forgetLabMemory(lab: LabStage): Promise<void> {
  lab.clock.reset();
  lab.mistakes.reset();
  return lab.resetMemory?.() ?? Promise.resolve();
}

/** The cost an older release would have used: two steps (a quarter of the work) below today's, never under 4. */
function legacyCostBelow(currentCost: number): number {
  return Math.max(4, currentCost - 2);
}
