-- 013: a round's later stages (docs/rounds.md): the figures each application reports, the expert
-- review form, reviewers assigned and their manual overrides, reviews, the office's decision,
-- objections during the public notice, and which cluster each admitted application became. The
-- rules are in src/atlas/rounds/; these tables keep what was done.

-- The indicator data an application reports (申报书 附表), one row per figure; a figure not
-- reported has no row: missing is never 0.
CREATE TABLE application_figure (
  application_id INTEGER NOT NULL REFERENCES application (id),
  field TEXT NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (application_id, field)
);

-- The criteria experts score, in the form's order; a round without rows scores 总分 out of 100.
CREATE TABLE review_criterion (
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  points REAL NOT NULL CHECK (points > 0),
  PRIMARY KEY (round_id, position),
  UNIQUE (round_id, name)
);

CREATE TABLE review_assignment (
  application_id INTEGER NOT NULL REFERENCES application (id),
  expert_id INTEGER NOT NULL REFERENCES expert (id),
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  affinity REAL NOT NULL,
  fixed INTEGER NOT NULL DEFAULT 0 CHECK (fixed IN (0, 1)),
  reason TEXT NOT NULL DEFAULT '',
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (application_id, expert_id)
);
CREATE INDEX review_assignment_round ON review_assignment (round_id, expert_id);

CREATE TABLE assignment_override (
  application_id INTEGER NOT NULL REFERENCES application (id),
  expert_id INTEGER NOT NULL REFERENCES expert (id),
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  fixed INTEGER NOT NULL CHECK (fixed IN (0, 1)),
  reason TEXT NOT NULL CHECK (reason <> ''),
  PRIMARY KEY (application_id, expert_id)
);

-- The account an expert logs in with.
CREATE TABLE expert_account (
  expert_id INTEGER PRIMARY KEY REFERENCES expert (id),
  account_id INTEGER NOT NULL UNIQUE REFERENCES account (id)
);

CREATE TABLE review (
  application_id INTEGER NOT NULL,
  expert_id INTEGER NOT NULL,
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  points TEXT NOT NULL,  -- JSON array, one number per criterion
  total REAL NOT NULL CHECK (total >= 0 AND total <= 100),
  comment TEXT NOT NULL DEFAULT '',
  revisions INTEGER NOT NULL DEFAULT 1,
  submitted_at TEXT NOT NULL,
  PRIMARY KEY (application_id, expert_id),
  FOREIGN KEY (application_id, expert_id) REFERENCES review_assignment (application_id, expert_id)
);
CREATE INDEX review_round ON review (round_id, expert_id);

CREATE TABLE decision (
  application_id INTEGER PRIMARY KEY REFERENCES application (id),
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  data_score REAL,
  expert_score REAL,
  composite REAL,
  rank INTEGER CHECK (rank >= 1),
  listed INTEGER NOT NULL CHECK (listed IN (0, 1)),
  reason TEXT NOT NULL DEFAULT '',
  decided_at TEXT NOT NULL
);
CREATE INDEX decision_round ON decision (round_id, rank);

CREATE TABLE objection (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  application_id INTEGER NOT NULL REFERENCES application (id),
  objector TEXT NOT NULL,
  grounds TEXT NOT NULL CHECK (grounds <> ''),
  filed_at TEXT NOT NULL,
  answer TEXT NOT NULL DEFAULT '',
  upheld INTEGER NOT NULL DEFAULT 0 CHECK (upheld IN (0, 1)),
  answered_at TEXT NOT NULL DEFAULT '',
  answered_by TEXT NOT NULL DEFAULT ''
);
CREATE INDEX objection_round ON objection (round_id);

-- The cluster an admitted application became.
CREATE TABLE admission (
  application_id INTEGER PRIMARY KEY REFERENCES application (id),
  cluster_id INTEGER NOT NULL UNIQUE REFERENCES cluster (id)
);
