-- 011: selection rounds (遴选 and 复核), zones' applications, provinces' ranked recommendations
-- and the expert pool (docs/rounds.md). The rules of who may do what when are in
-- src/atlas/rounds/; these tables keep what was done. Times are UTC text; dates YYYY-MM-DD.

CREATE TABLE selection_round (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('admission', 'reevaluation')),
  year INTEGER NOT NULL,
  name TEXT NOT NULL,
  doc_no TEXT NOT NULL UNIQUE,
  system_id TEXT NOT NULL,
  data_weight REAL NOT NULL CHECK (data_weight >= 0 AND data_weight <= 1),
  stage TEXT NOT NULL
    CHECK (stage IN ('applications', 'recommendation', 'review', 'decision', 'notice', 'closed')),
  created_at TEXT NOT NULL
);

-- The last day of each stage but the last.
CREATE TABLE round_deadline (
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  stage TEXT NOT NULL,
  deadline TEXT NOT NULL,
  PRIMARY KEY (round_id, stage)
);

-- How many applications a province may recommend; a province without a row has no limit.
CREATE TABLE round_quota (
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  province_code TEXT NOT NULL REFERENCES province (code),
  quota INTEGER NOT NULL CHECK (quota >= 0),
  PRIMARY KEY (round_id, province_code)
);

CREATE TABLE application (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  zone_id INTEGER NOT NULL REFERENCES zone (id),
  province_code TEXT NOT NULL REFERENCES province (code),
  cluster_name TEXT NOT NULL,
  industry_code TEXT NOT NULL REFERENCES industry (code),
  building_unit TEXT NOT NULL,
  management_body TEXT NOT NULL,
  leading_firms TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
  contact TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL CHECK (state IN ('submitted', 'returned')),
  return_reason TEXT NOT NULL DEFAULT '',
  submissions INTEGER NOT NULL DEFAULT 1,
  submitted_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  -- One application per zone and round: a returned one is corrected, not applied for again.
  UNIQUE (round_id, zone_id)
);
CREATE INDEX application_province ON application (round_id, province_code);

-- A province's ranked list, replaced whole each time the province sends it.
CREATE TABLE recommendation (
  application_id INTEGER PRIMARY KEY REFERENCES application (id),
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  province_code TEXT NOT NULL REFERENCES province (code),
  rank INTEGER NOT NULL CHECK (rank >= 1),
  opinion TEXT NOT NULL,
  recommended_at TEXT NOT NULL,
  UNIQUE (round_id, province_code, rank)
);

CREATE TABLE expert (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  organisation TEXT NOT NULL,
  province_code TEXT NOT NULL REFERENCES province (code),
  title TEXT NOT NULL DEFAULT '',
  fields TEXT NOT NULL DEFAULT '[]',              -- JSON array of GB/T 4754 codes
  declared_conflicts TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
  added_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
