-- 008: accounts, browser sessions, API tokens and login attempts (docs/accounts-and-audit.md).
-- Secrets are never stored in clear: passwords as argon2id strings, session ids, CSRF tokens and
-- API tokens as their SHA-256 (hex). Times are UTC text, YYYY-MM-DDTHH:MM:SSZ.

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT NOT NULL
    CHECK (role IN ('admin', 'province', 'zone', 'cluster', 'expert', 'analyst')),
  province_code TEXT REFERENCES province (code),
  zone_id INTEGER REFERENCES zone (id),
  cluster_id INTEGER REFERENCES cluster (id),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  must_change_password INTEGER NOT NULL DEFAULT 0,
  failed_logins INTEGER NOT NULL DEFAULT 0,
  locked_until TEXT,
  created_at TEXT NOT NULL,
  last_login_at TEXT,
  -- Exactly the scope of the role's kind.
  CHECK ((role = 'province') = (province_code IS NOT NULL)),
  CHECK ((role = 'zone') = (zone_id IS NOT NULL)),
  CHECK ((role = 'cluster') = (cluster_id IS NOT NULL))
);

CREATE TABLE session (
  id INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  csrf_hash TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  origin TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX session_account ON session (account_id);

CREATE TABLE api_token (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  account_id INTEGER NOT NULL REFERENCES account (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  revoked_at TEXT,
  last_used_at TEXT
);
CREATE INDEX api_token_account ON api_token (account_id);

-- Every login attempt, for throttling per address (the account's consecutive failures are
-- counted on the account). Kept as a record of who tried what login from where.
CREATE TABLE login_attempt (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  login TEXT NOT NULL,
  address TEXT NOT NULL,
  succeeded INTEGER NOT NULL
);
CREATE INDEX login_attempt_address ON login_attempt (address, at);
