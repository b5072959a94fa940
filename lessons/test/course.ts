/**
 * What the course promises, as data: the stages, their regions and flow paths. The verdict each
 * check should give comes from the stage modules themselves (expectedChecks). The lesson files are tested against this, so a lesson
 * cannot quietly claim a different profile from its neighbours.
 */

import { STAGES as SERVER_STAGES } from '@authlab/server/stages';
import { CHECK_IDS, stageSlug, type CheckId, type StageId } from '@authlab/contract';

export type Verdict = 'passes' | 'fails' | 'n/a';

export { CHECK_IDS, type CheckId, type StageId };

export interface Stage {
  id: StageId;
  /** Folder under lessons/. */
  folder: string;
  /** Stage module under apps/server/src/stages/. */
  serverFile: string;
  /** Regions the stage module marks, which lessons may include. */
  regions: readonly string[];
  /** Extra flowchart nodes this stage adds to the shared ones. */
  extraNodes: readonly string[];
  profile: Record<CheckId, Verdict>;
}

const WORDING = { pass: 'passes', fail: 'fails', 'n/a': 'n/a' } as const;

/** The stage module's own expected profile, in the words a lesson uses. */
function profile(stage: StageId): Record<CheckId, Verdict> {
  const module = SERVER_STAGES.find((candidate) => candidate.info.id === stage);
  if (module === undefined) throw new Error(`no server stage ${stage}`);
  return Object.fromEntries(CHECK_IDS.map((id) => [id, WORDING[module.expectedChecks[id]]])) as Record<CheckId, Verdict>;
}

export const STAGES: readonly Stage[] = [
  {
    id: 'plaintext',
    folder: stageSlug('plaintext'),
    serverFile: `${stageSlug('plaintext')}.ts`,
    regions: ['register', 'login', 'authenticate'],
    extraNodes: ['REVOKE'],
    profile: profile('plaintext'),
  },
  {
    id: 'sha256',
    folder: stageSlug('sha256'),
    serverFile: `${stageSlug('sha256')}.ts`,
    regions: ['register', 'login', 'authenticate'],
    extraNodes: ['REVOKE'],
    profile: profile('sha256'),
  },
  {
    id: 'bcrypt',
    folder: stageSlug('bcrypt'),
    serverFile: `${stageSlug('bcrypt')}.ts`,
    regions: ['register', 'login', 'authenticate'],
    extraNodes: ['REVOKE'],
    profile: profile('bcrypt'),
  },
  {
    id: 'basic',
    folder: stageSlug('basic'),
    serverFile: `${stageSlug('basic')}.ts`,
    regions: ['register', 'authenticate'],
    extraNodes: [],
    profile: profile('basic'),
  },
  {
    id: 'jwt',
    folder: stageSlug('jwt'),
    serverFile: `${stageSlug('jwt')}.ts`,
    regions: ['register', 'login', 'authenticate', 'refresh', 'cookie-session'],
    extraNodes: ['REVOKE', 'REFRESH', 'COOKIE', 'EMAIL', 'NOSESSION'],
    profile: profile('jwt'),
  },
  {
    id: 'lockout',
    folder: stageSlug('lockout'),
    serverFile: `${stageSlug('lockout')}.ts`,
    regions: ['register', 'login', 'authenticate', 'refresh', 'lockout', 'rate-limit', 'housekeeping', 'cookie-session'],
    extraNodes: ['REVOKE', 'REFRESH', 'LOCK', 'LIMIT', 'REHASH', 'COOKIE', 'EMAIL', 'NOSESSION', 'CSRF'],
    profile: profile('lockout'),
  },
];

/** Every stage's flowchart has these, whether or not a request can reach them. */
export const SHARED_NODES = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'REG', 'BAD', 'LEAK', 'RESET'] as const;

/** The X-Auth-Flow paths the server reports on a stage; each step must be a solid edge. */
export function flowPaths(stage: Stage): string[][] {
  const paths = [
    ['A', 'REG'],
    ['A', 'BAD'],
    ['A', 'LEAK'],
    ['A', 'RESET'],
  ];
  if (stage.id === 'basic') {
    paths.push(['A', 'B', 'C', 'H'], ['A', 'B', 'C', 'E']);
    return paths;
  }
  paths.push(['A', 'B', 'C', 'D'], ['A', 'B', 'C', 'E']);
  paths.push(['A', 'F', 'G', 'H'], ['A', 'F', 'G', 'E'], ['A', 'F', 'G', 'REVOKE']);
  if (stage.extraNodes.includes('REFRESH')) {
    paths.push(['A', 'F', 'G', 'I'], ['A', 'REFRESH', 'D'], ['A', 'REFRESH', 'E']);
  }
  if (stage.id === 'lockout') paths.push(['A', 'LIMIT'], ['A', 'B', 'LOCK'], ['A', 'B', 'C', 'REHASH', 'D'], ['A', 'CSRF']);
  if (stage.extraNodes.includes('COOKIE')) paths.push(['A', 'B', 'C', 'COOKIE'], ['A', 'F', 'G', 'EMAIL'], ['A', 'F', 'G', 'NOSESSION']);
  return paths;
}

/** Quiz questions the course must contain somewhere, by folder and question id. */
export const REQUIRED_QUESTIONS: ReadonlyArray<{ folder: string; id: string; topic: string }> = [
  { folder: '00-intro', id: 'authn-vs-authz', topic: 'authentication vs authorization' },
  { folder: '02-sha256', id: 'hash-not-encrypt', topic: 'why hash and not encrypt passwords' },
  { folder: '05-jwt', id: 'session-vs-token', topic: 'token-based vs session-based auth' },
  { folder: '05-jwt', id: 'expiry-limits-theft', topic: 'how expiry limits a stolen token' },
  { folder: '06-lockout', id: 'what-is-brute-force', topic: 'what brute force is and how to stop it' },
];
