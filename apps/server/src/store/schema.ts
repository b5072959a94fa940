/**
 * The schema, one numbered step at a time, written for both engines. A database records how many
 * steps it has run (SQLite in `PRAGMA user_version`, PostgreSQL in `authlab_schema`), so a data
 * directory or database from an older AuthLab is brought up to date instead of failing at start,
 * and step N means the same change on either engine.
 *
 * The two spellings differ only where the engines do: SQLite tables are STRICT and keep times as
 * INTEGER (64-bit); PostgreSQL keeps them as BIGINT, and compares names byte by byte (COLLATE "C"),
 * as SQLite does, so both list users in the same order.
 */
export interface Migration {
  sqlite: string;
  postgres: string;
}

const INITIAL_SQLITE = `
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

const INITIAL_POSTGRES = `
CREATE TABLE users (
  stage TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  stored TEXT NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (stage, username)
);

CREATE TABLE sessions (
  stage TEXT COLLATE "C" NOT NULL,
  token_hash TEXT NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  created_at_ms BIGINT NOT NULL,
  PRIMARY KEY (stage, token_hash)
);

CREATE TABLE refresh_tokens (
  stage TEXT COLLATE "C" NOT NULL,
  token_hash TEXT NOT NULL,
  family_id TEXT NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  expires_at_ms BIGINT NOT NULL,
  used_at_ms BIGINT,
  revoked_at_ms BIGINT,
  PRIMARY KEY (stage, token_hash)
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (stage, family_id);

CREATE TABLE lockouts (
  stage TEXT COLLATE "C" NOT NULL,
  username TEXT COLLATE "C" NOT NULL,
  failures INTEGER NOT NULL,
  first_failure_at_ms BIGINT NOT NULL,
  locked_until_ms BIGINT,
  PRIMARY KEY (stage, username)
);
`;

/** Both engines accept the same statement. */
const same = (statement: string): Migration => ({ sqlite: statement, postgres: statement });

export const MIGRATIONS: readonly Migration[] = [
  { sqlite: INITIAL_SQLITE, postgres: INITIAL_POSTGRES },
  // Lockout windows are measured from the latest failure, not the first.
  same('ALTER TABLE lockouts RENAME COLUMN first_failure_at_ms TO last_failure_at_ms;'),
  // Refresh families get an absolute end (existing ones end when their current token does), and
  // housekeeping finds what it may delete by time without scanning every row.
  {
    sqlite: `ALTER TABLE refresh_tokens ADD COLUMN family_expires_at_ms INTEGER NOT NULL DEFAULT 0;
   UPDATE refresh_tokens SET family_expires_at_ms = expires_at_ms;
   CREATE INDEX refresh_tokens_expiry ON refresh_tokens (stage, expires_at_ms);
   CREATE INDEX lockouts_last_failure ON lockouts (stage, last_failure_at_ms);`,
    postgres: `ALTER TABLE refresh_tokens ADD COLUMN family_expires_at_ms BIGINT NOT NULL DEFAULT 0;
   UPDATE refresh_tokens SET family_expires_at_ms = expires_at_ms;
   CREATE INDEX refresh_tokens_expiry ON refresh_tokens (stage, expires_at_ms);
   CREATE INDEX lockouts_last_failure ON lockouts (stage, last_failure_at_ms);`,
  },
  // The address a password reset would go to: what a cross-site request forgery wants to change.
  same('ALTER TABLE users ADD COLUMN recovery_email TEXT;'),
  // A classroom kept in the database, so every process serving the class sees the same learners,
  // join code and instructor, and a class outlives a restart.
  { sqlite: classroomSchema('INTEGER', ' STRICT'), postgres: classroomSchema('BIGINT', '') },
  // How many times a stage was reset: each process serving it forgets what it counted in its own
  // memory (the memory-rate-limit mistake) when it sees the number change.
  same('ALTER TABLE stage_controls ADD COLUMN resets INTEGER NOT NULL DEFAULT 0;'),
];

function classroomSchema(int64: string, strict: string): string {
  return `
CREATE TABLE workspaces (
  key TEXT PRIMARY KEY,
  selector TEXT NOT NULL UNIQUE,
  verifier_digest TEXT NOT NULL,
  display_name TEXT NOT NULL,
  created_at_ms ${int64} NOT NULL,
  last_active_at_ms ${int64} NOT NULL
)${strict};
CREATE INDEX workspaces_last_active ON workspaces (last_active_at_ms);

CREATE TABLE workspace_progress (
  workspace TEXT NOT NULL,
  kind TEXT NOT NULL,
  item TEXT NOT NULL,
  progress TEXT NOT NULL,
  PRIMARY KEY (workspace, kind, item)
)${strict};

CREATE TABLE classroom (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  join_code TEXT,
  follow TEXT
)${strict};

CREATE TABLE instructor_secrets (
  digest TEXT PRIMARY KEY,
  created_at_ms ${int64} NOT NULL
)${strict};

CREATE TABLE instructor_sessions (
  digest TEXT PRIMARY KEY,
  expires_at_ms ${int64} NOT NULL
)${strict};

CREATE TABLE stage_controls (
  stage TEXT PRIMARY KEY,
  clock_offset_ms ${int64} NOT NULL,
  mistakes TEXT NOT NULL
)${strict};

CREATE TABLE lab_secrets (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
)${strict};
`;
}
