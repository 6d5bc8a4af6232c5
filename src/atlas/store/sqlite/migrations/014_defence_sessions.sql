-- 014: defence sessions (视频答辩, docs/rounds.md): a panel hearing applications on one day by
-- video or in a room, each application in a time slot, and every move of a slot with its reason.
-- The rules (no panel or expert in two slots at once, nothing past midnight, an application heard
-- once) are in src/atlas/rounds/defence.h; these tables keep what was scheduled.

CREATE TABLE defence_session (
  id INTEGER PRIMARY KEY,
  round_id INTEGER NOT NULL REFERENCES selection_round (id),
  panel TEXT NOT NULL CHECK (panel <> ''),
  date TEXT NOT NULL,
  place TEXT NOT NULL DEFAULT '',  -- a video meeting's link or a room
  minutes INTEGER NOT NULL CHECK (minutes > 0),
  scheduled_at TEXT NOT NULL,
  scheduled_by TEXT NOT NULL
);
CREATE INDEX defence_session_round ON defence_session (round_id, date);

-- One slot per application: an application is heard once. A moved slot may change its day.
CREATE TABLE defence_slot (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES defence_session (id),
  application_id INTEGER NOT NULL UNIQUE REFERENCES application (id),
  date TEXT NOT NULL,
  start TEXT NOT NULL,  -- HH:MM
  end TEXT NOT NULL,    -- HH:MM, up to 24:00
  told TEXT NOT NULL,   -- who its notice went to: the zone and the experts of its panel
  told_at TEXT NOT NULL,
  CHECK (start < end)
);
CREATE INDEX defence_slot_session ON defence_slot (session_id);

CREATE TABLE defence_slot_move (
  id INTEGER PRIMARY KEY,
  slot_id INTEGER NOT NULL REFERENCES defence_slot (id),
  old_date TEXT NOT NULL,
  old_start TEXT NOT NULL,
  new_date TEXT NOT NULL,
  new_start TEXT NOT NULL,
  reason TEXT NOT NULL CHECK (reason <> ''),
  moved_by TEXT NOT NULL,
  moved_at TEXT NOT NULL
);
CREATE INDEX defence_slot_move_slot ON defence_slot_move (slot_id);
