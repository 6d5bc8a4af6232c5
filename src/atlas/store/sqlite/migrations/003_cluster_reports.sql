-- 003: the cluster-level forms as revisions. A cluster's own yearly totals (JQ01 and the survey's
-- cluster figures) get a table; platforms, JQ03 institutions and JQ04 alliances keep the import
-- that delivered them and a current flag, like enterprise rows, so a re-import keeps the earlier
-- rows and `diff` can compare them. Counts and money may be missing (NULL), never 0 by default.

CREATE TABLE cluster_year (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  year INTEGER NOT NULL,
  firms INTEGER,
  high_tech_firms INTEGER,
  specialised_firms INTEGER,
  single_champion_firms INTEGER,
  institutions INTEGER,
  national_platforms INTEGER,
  provincial_platforms INTEGER,
  revenue REAL,
  industrial_output REAL,
  profit REAL,
  taxes REAL,
  exports REAL,
  rd_expenditure REAL,
  employment REAL,
  valid_invention_patents REAL,
  granted_invention_patents REAL,
  revision_id INTEGER REFERENCES import_revision (id),
  source_line INTEGER,
  current INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cluster_year_current ON cluster_year (cluster_id, year) WHERE current = 1;
CREATE INDEX cluster_year_revision ON cluster_year (revision_id);

CREATE TABLE platform_v3 (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('national', 'provincial')),
  kind TEXT NOT NULL DEFAULT '',
  year_established INTEGER,
  revision_id INTEGER REFERENCES import_revision (id),  -- NULL: recorded by hand
  source_line INTEGER,
  current INTEGER NOT NULL DEFAULT 1
);
INSERT INTO platform_v3 (id, cluster_id, name, level, kind, year_established)
  SELECT id, cluster_id, name, level, kind, year_established FROM platform;
DROP TABLE platform;
ALTER TABLE platform_v3 RENAME TO platform;
CREATE UNIQUE INDEX platform_current ON platform (cluster_id, name) WHERE current = 1;
CREATE INDEX platform_revision ON platform (revision_id);

CREATE TABLE service_institution_v3 (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  legal_representative TEXT NOT NULL DEFAULT '',
  national INTEGER NOT NULL,
  category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 4),
  main_services TEXT NOT NULL DEFAULT '',
  revision_id INTEGER REFERENCES import_revision (id),
  source_line INTEGER,
  current INTEGER NOT NULL DEFAULT 1
);
INSERT INTO service_institution_v3 (id, cluster_id, year, name, legal_representative, national,
    category, main_services)
  SELECT id, cluster_id, year, name, legal_representative, national, category, main_services
  FROM service_institution;
DROP TABLE service_institution;
ALTER TABLE service_institution_v3 RENAME TO service_institution;
CREATE UNIQUE INDEX service_institution_current ON service_institution (cluster_id, year, name)
  WHERE current = 1;
CREATE INDEX service_institution_revision ON service_institution (revision_id);

CREATE TABLE alliance_v3 (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  backbone_members INTEGER NOT NULL,
  other_members INTEGER NOT NULL,
  revision_id INTEGER REFERENCES import_revision (id),
  source_line INTEGER,
  current INTEGER NOT NULL DEFAULT 1
);
INSERT INTO alliance_v3 (id, cluster_id, year, name, backbone_members, other_members)
  SELECT id, cluster_id, year, name, backbone_members, other_members FROM alliance;
DROP TABLE alliance;
ALTER TABLE alliance_v3 RENAME TO alliance;
CREATE UNIQUE INDEX alliance_current ON alliance (cluster_id, year, name) WHERE current = 1;
CREATE INDEX alliance_revision ON alliance (revision_id);
