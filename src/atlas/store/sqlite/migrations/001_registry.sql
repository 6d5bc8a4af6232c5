-- 001: the registry — reference data, zones, clusters with status history and events,
-- enterprises with yearly membership and figures, support records, meta and the audit log.
-- Money in yuan (REAL); NULL = not reported. Dates are ISO 8601 text.

CREATE TABLE province (
  code TEXT PRIMARY KEY,
  name_zh TEXT NOT NULL UNIQUE,
  short_zh TEXT NOT NULL UNIQUE,
  name_en TEXT NOT NULL,
  region TEXT NOT NULL CHECK (region IN ('east', 'central', 'west', 'northeast', 'none'))
);

CREATE TABLE industry (
  code TEXT PRIMARY KEY,
  level TEXT NOT NULL CHECK (level IN ('section', 'division', 'group', 'class')),
  parent TEXT REFERENCES industry (code),
  name_zh TEXT NOT NULL,
  name_en TEXT NOT NULL,
  sei TEXT
);

CREATE TABLE zone (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  level TEXT NOT NULL CHECK (level IN ('national', 'provincial')),
  province_code TEXT NOT NULL REFERENCES province (code),
  city TEXT NOT NULL,
  lat REAL,
  lon REAL
);

CREATE TABLE cluster (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  zone_id INTEGER NOT NULL REFERENCES zone (id),
  industry_code TEXT NOT NULL REFERENCES industry (code),
  province_code TEXT NOT NULL REFERENCES province (code),
  building_unit TEXT NOT NULL DEFAULT '',
  management_body TEXT NOT NULL DEFAULT '',
  batch TEXT NOT NULL DEFAULT '',
  admitted_year INTEGER,
  status TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX cluster_zone ON cluster (zone_id);

CREATE TABLE cluster_status_change (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  status TEXT NOT NULL,
  date TEXT NOT NULL,
  doc_no TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX cluster_status_change_cluster ON cluster_status_change (cluster_id, id);

CREATE TABLE cluster_event (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  kind TEXT NOT NULL CHECK (kind IN ('rename', 'rescope')),
  date TEXT NOT NULL,
  old_value TEXT NOT NULL,
  new_value TEXT NOT NULL,
  doc_no TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX cluster_event_cluster ON cluster_event (cluster_id, id);

CREATE TABLE enterprise (
  credit_code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  lat REAL,
  lon REAL,
  synthetic INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE enterprise_year (
  credit_code TEXT NOT NULL REFERENCES enterprise (credit_code),
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
  PRIMARY KEY (credit_code, year)
);
CREATE INDEX enterprise_year_cluster ON enterprise_year (year, cluster_id);

CREATE TABLE platform (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  name TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('national', 'provincial')),
  kind TEXT NOT NULL DEFAULT '',
  year_established INTEGER,
  UNIQUE (cluster_id, name)
);

CREATE TABLE service_institution (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  legal_representative TEXT NOT NULL DEFAULT '',
  national INTEGER NOT NULL,
  category INTEGER NOT NULL CHECK (category BETWEEN 1 AND 4),
  main_services TEXT NOT NULL DEFAULT '',
  UNIQUE (cluster_id, year, name)
);

CREATE TABLE alliance (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  backbone_members INTEGER NOT NULL,
  other_members INTEGER NOT NULL,
  UNIQUE (cluster_id, year, name)
);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Append-only: one row per change, whoever made it (DESIGN.md §6, accounts and roles).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_key TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT ''
);
