import type { CheckId, CheckStatus, CheckTarget, ExpectedProfile } from '@authlab/checks';
import type { ExpectedAttackProfile } from './outcome.ts';
import type { WireTransport } from './wire.ts';

/** The parts of a stage's published `policy` the attacks read. */
export interface AttackPolicy {
  passwordStorage?: { scheme: string; salted: boolean; cost: number | null };
  authentication?: 'session-token' | 'basic' | 'jwt';
  accessToken?: { kind: 'opaque' | 'jwt'; ttlSeconds: number | null } | null;
  loginErrors?: 'distinct' | 'generic';
  lockout?: { maxFailures: number; windowSeconds: number; lockSeconds: number } | null;
  rateLimit?: { limit: number; windowSeconds: number } | null;
  /** Mistakes an instructor switched back on for a demo; empty normally. */
  mistakes?: string[];
}

/** `GET /api/stages/:stage`, as far as the attack lab needs it. */
export interface StageDescription {
  id: string;
  title: string;
  policy: AttackPolicy;
  /** What each attack should achieve on this stage right now (with any instructor mistakes applied). */
  expectedAttacks?: ExpectedAttackProfile;
  /** What each practice check should find right now (with any instructor mistakes applied). */
  expectedChecks?: ExpectedProfile;
  lab: {
    clockOffsetSeconds: number;
    /** Instructor mistakes switched on right now. */
    mistakes: string[];
    /** The mistakes this stage can be switched to, for the instructor's toggles. */
    availableMistakes: LabMistake[];
    /** How the lab is served: over `https` a sniffer on the path reads only TLS records. */
    transport: WireTransport;
  };
}

export interface LabMistake {
  id: string;
  title: string;
  description: string;
  /** The practice-check verdicts this mistake changes while on, e.g. `{ 'token-expires': 'fail' }`. */
  checkEffects?: Partial<Record<CheckId, CheckStatus>>;
}

/** One stage of the AuthLab lesson server: the only thing the attacks ever aim at. */
export interface AttackTarget extends CheckTarget {
  stage: string;
  /** Reads the stage's description; throws when the URL is not an AuthLab stage. */
  describe(): Promise<StageDescription>;
  /**
   * `POST /reset` (users, sessions, counters and the demo clock), then switches the instructor's
   * mistakes back on, because an attack must show the stage the class is looking at.
   */
  resetForAttack(): Promise<void>;
  /** Switches one named instructor mistake on or off; returns the mistakes now on. Loopback only. */
  setMistake(mistake: string, enabled: boolean): Promise<string[]>;
}

export interface AttackTargetOptions {
  /** Defaults to the global fetch (browser or Node). */
  fetch?: typeof fetch;
}

/** Targets `<serverUrl>/api/stages/<stage>`, e.g. `createAttackTarget('http://127.0.0.1:3000', 'jwt')`. */
export function createAttackTarget(serverUrl: string, stage: string, options: AttackTargetOptions = {}): AttackTarget {
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const baseUrl = `${serverUrl.replace(/\/+$/, '')}/api/stages/${encodeURIComponent(stage)}`;

  async function post(path: string, body?: unknown): Promise<Response> {
    return fetchImpl(`${baseUrl}${path}`, {
      method: 'POST',
      ...(body === undefined ? {} : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
    });
  }

  async function describe(): Promise<StageDescription> {
    const response = await fetchImpl(baseUrl);
    const body: unknown = response.ok ? await response.json().catch(() => undefined) : undefined;
    if (!isStageDescription(body) || body.id !== stage) {
      throw new Error(`${baseUrl} is not an AuthLab stage; the attack lab only attacks its own lesson server`);
    }
    const lab = {
      clockOffsetSeconds: body.lab?.clockOffsetSeconds ?? 0,
      mistakes: body.lab?.mistakes ?? [],
      availableMistakes: body.lab?.availableMistakes ?? [],
      transport: body.lab?.transport ?? 'http',
    };
    return { ...body, lab };
  }

  async function setMistake(mistake: string, enabled: boolean): Promise<string[]> {
    const response = await post('/mistakes', { mistake, enabled });
    const body = (await response.json().catch(() => ({}))) as { mistakes?: string[]; error?: string };
    if (!response.ok) throw new Error(`could not switch ${mistake}: ${body.error ?? `HTTP ${response.status}`}`);
    return body.mistakes ?? [];
  }

  return {
    stage,
    baseUrl,
    fetch: fetchImpl,
    describe,
    setMistake,
    async resetForAttack() {
      const { mistakes } = (await describe()).lab;
      const response = await post('/reset');
      if (!response.ok) throw new Error(`POST /reset answered ${response.status}`);
      for (const mistake of mistakes) await setMistake(mistake, true);
    },
    async advanceClock(seconds) {
      const response = await post('/clock', { advanceSeconds: seconds });
      if (!response.ok) throw new Error(`could not move the demo clock: HTTP ${response.status}`);
    },
  };
}

function isStageDescription(value: unknown): value is Omit<StageDescription, 'lab'> & { lab?: Partial<StageDescription['lab']> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    typeof value.id === 'string' &&
    'policy' in value &&
    typeof value.policy === 'object' &&
    value.policy !== null
  );
}
