-- 015: documents attached to an objection during the public notice (异议材料: the objector's
-- evidence), stored whole with their SHA-256 as an application's documents are (012). Their type
-- is what their content is (ingest/document_type.h), never what their name says.
CREATE TABLE objection_document (
  id INTEGER PRIMARY KEY,
  objection_id INTEGER NOT NULL REFERENCES objection (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('pdf', 'docx', 'xlsx')),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size > 0),
  content BLOB NOT NULL,
  attached_at TEXT NOT NULL,
  UNIQUE (objection_id, sha256)
);
