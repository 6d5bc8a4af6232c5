-- 002: import revisions. Every import is a revision; enterprise rows keep the revision that
-- delivered them, and a re-import of a year marks the earlier rows of its clusters as no longer
-- current instead of overwriting them, so any two revisions can be compared.

CREATE TABLE import_revision (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  year INTEGER,                      -- NULL when the file carries a year column
  file_name TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  encoding TEXT NOT NULL,
  rows_read INTEGER NOT NULL,
  rows_imported INTEGER NOT NULL,
  rows_rejected INTEGER NOT NULL,
  warnings INTEGER NOT NULL,
  operator TEXT NOT NULL,
  imported_at TEXT NOT NULL
);
CREATE INDEX import_revision_hash ON import_revision (kind, sha256);

-- Enterprises are found by credit code only: one B-tree instead of a table and its key index.
CREATE TABLE enterprise_v2 (
  credit_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  lat REAL,
  lon REAL,
  synthetic INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
INSERT INTO enterprise_v2 SELECT credit_code, name, lat, lon, synthetic FROM enterprise;

CREATE TABLE enterprise_year_v2 (
  id INTEGER PRIMARY KEY,
  credit_code TEXT NOT NULL REFERENCES enterprise_v2 (credit_code),
  year INTEGER NOT NULL,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  role TEXT NOT NULL CHECK (role IN ('leader', 'backbone', 'other')),
  high_tech INTEGER NOT NULL,
  specialised INTEGER NOT NULL,
  single_champion INTEGER NOT NULL,
  listed INTEGER NOT NULL,
  revenue REAL,
  industrial_output REAL,
  profit REAL,
  taxes REAL,
  exports REAL,
  rd_expenditure REAL,
  employment REAL,
  valid_invention_patents REAL,
  granted_invention_patents REAL,
  revision_id INTEGER REFERENCES import_revision (id),  -- NULL: recorded by hand
  source_line INTEGER,                                  -- line or row in the imported file
  current INTEGER NOT NULL DEFAULT 1
);
INSERT INTO enterprise_year_v2 (credit_code, year, cluster_id, role, high_tech, specialised,
    single_champion, listed, revenue, industrial_output, profit, taxes, exports, rd_expenditure,
    employment, valid_invention_patents, granted_invention_patents)
  SELECT credit_code, year, cluster_id, role, high_tech, specialised, single_champion, listed,
    revenue, industrial_output, profit, taxes, exports, rd_expenditure, employment,
    valid_invention_patents, granted_invention_patents
  FROM enterprise_year;
DROP TABLE enterprise_year;
DROP TABLE enterprise;
ALTER TABLE enterprise_v2 RENAME TO enterprise;
ALTER TABLE enterprise_year_v2 RENAME TO enterprise_year;

-- One current row per enterprise and year: an enterprise belongs to one cluster per year.
CREATE UNIQUE INDEX enterprise_year_current ON enterprise_year (credit_code, year) WHERE current = 1;
CREATE INDEX enterprise_year_cluster ON enterprise_year (year, cluster_id) WHERE current = 1;
-- Revision ids only grow, so this index is appended to, cheap for large imports.
CREATE INDEX enterprise_year_revision ON enterprise_year (revision_id);
