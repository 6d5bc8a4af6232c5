-- 006: corrections of the status history, and where each industry code comes from.
-- A correction withdraws one status change recorded in error (a date in the future, the wrong
-- status): the change stays in cluster_status_change and is withdrawn while a correction names
-- it, so the history keeps both, with who corrected it, when and why.
CREATE TABLE cluster_status_correction (
  id INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES cluster (id),
  status_change_id INTEGER NOT NULL UNIQUE REFERENCES cluster_status_change (id),
  doc_no TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,
  actor TEXT NOT NULL,
  recorded_at TEXT NOT NULL
);
CREATE INDEX cluster_status_correction_cluster ON cluster_status_correction (cluster_id, id);

-- bundled: data/industries.csv; imported: an office's official GB/T 4754-2017 list, which a
-- later `init` does not overwrite; accepted: a well-formed code the list lacked, taken under its
-- listed group or division, with no name until an official list names it.
ALTER TABLE industry ADD COLUMN source TEXT NOT NULL DEFAULT 'bundled'
  CHECK (source IN ('bundled', 'imported', 'accepted'));
