-- 004: evaluation runs. Each `evaluate --year` keeps what it was given and what it found — the
-- system's id and the SHA-256 of its file, the input, the methods, the latest import revision
-- at the time, and the whole result as the JSON document `evaluate --format json` prints — so a
-- ranking can be shown again, reproduced and compared with another run.
CREATE TABLE evaluation_run (
  id INTEGER PRIMARY KEY,
  system_id TEXT NOT NULL,
  system_sha256 TEXT NOT NULL,
  input TEXT NOT NULL,
  year INTEGER,
  revision_id INTEGER REFERENCES import_revision (id),
  methods TEXT NOT NULL,
  units INTEGER NOT NULL,
  result TEXT NOT NULL,
  operator TEXT NOT NULL,
  created_at TEXT NOT NULL
);
