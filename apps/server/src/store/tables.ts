import type { Kysely, Transaction } from 'kysely';

/**
 * The tables every stage shares, as the query builder sees them. Each row carries its `stage`
 * key (the stage id, prefixed with the workspace in a classroom), so one stage's rows are its own.
 * Times are milliseconds since the epoch: INTEGER in SQLite, BIGINT in PostgreSQL, a number here.
 */
export interface LabTables {
  users: {
    stage: string;
    username: string;
    /** The credential column exactly as stored: plain text, a hex digest or a bcrypt hash. */
    stored: string;
    created_at_ms: number;
    recovery_email: string | null;
  };
  sessions: {
    stage: string;
    token_hash: string;
    username: string;
    created_at_ms: number;
  };
  refresh_tokens: {
    stage: string;
    token_hash: string;
    family_id: string;
    username: string;
    expires_at_ms: number;
    family_expires_at_ms: number;
    used_at_ms: number | null;
    revoked_at_ms: number | null;
  };
  lockouts: {
    stage: string;
    username: string;
    failures: number;
    last_failure_at_ms: number;
    locked_until_ms: number | null;
  };
}

/** What a query runs on: the database itself or one of its transactions. */
export type LabQueries = Kysely<LabTables> | Transaction<LabTables>;

/** The tables that hold a stage's rows, in the order a reset empties them. */
export const STAGE_TABLES = ['users', 'sessions', 'refresh_tokens', 'lockouts'] as const satisfies readonly (keyof LabTables)[];
