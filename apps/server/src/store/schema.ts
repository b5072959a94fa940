/**
 * One database, every stage side by side: each row carries its stage id, so a stage's
 * users, sessions, refresh tokens and lockouts are its own and `/reset` clears only them.
 *
 * Migrations run in order, each once; `PRAGMA user_version` records how many have run, so a
 * data directory from an older AuthLab is brought up to date instead of failing at start.
 */
const INITIAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  stage TEXT NOT NULL,
  username TEXT NOT NULL,
  stored TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (stage, username)
) STRICT;

CREATE TABLE IF NOT EXISTS sessions (
  stage TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  username TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  PRIMARY KEY (stage, token_hash)
) STRICT;

CREATE TABLE IF NOT EXISTS refresh_tokens (
  stage TEXT NOT NULL,
  token_hash TEXT NOT NULL,
  family_id TEXT NOT NULL,
  username TEXT NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  used_at_ms INTEGER,
  revoked_at_ms INTEGER,
  PRIMARY KEY (stage, token_hash)
) STRICT;
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (stage, family_id);

CREATE TABLE IF NOT EXISTS lockouts (
  stage TEXT NOT NULL,
  username TEXT NOT NULL,
  failures INTEGER NOT NULL,
  first_failure_at_ms INTEGER NOT NULL,
  locked_until_ms INTEGER,
  PRIMARY KEY (stage, username)
) STRICT;
`;

export const MIGRATIONS: readonly string[] = [
  INITIAL_SCHEMA,
  // Lockout windows are measured from the latest failure, not the first.
  'ALTER TABLE lockouts RENAME COLUMN first_failure_at_ms TO last_failure_at_ms;',
  // Refresh families get an absolute end (existing ones end when their current token does), and
  // housekeeping finds what it may delete by time without scanning every row.
  `ALTER TABLE refresh_tokens ADD COLUMN family_expires_at_ms INTEGER NOT NULL DEFAULT 0;
   UPDATE refresh_tokens SET family_expires_at_ms = expires_at_ms;
   CREATE INDEX refresh_tokens_expiry ON refresh_tokens (stage, expires_at_ms);
   CREATE INDEX lockouts_last_failure ON lockouts (stage, last_failure_at_ms);`,
  // The address a password reset would go to: what a cross-site request forgery wants to change.
  'ALTER TABLE users ADD COLUMN recovery_email TEXT;',
];
