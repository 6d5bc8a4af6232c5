-- 012: documents attached to an application (申报书, 证明材料), stored whole with their SHA-256.
-- Their type is what their content is (ingest/document_type.h), never what their name says.
CREATE TABLE application_document (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES application (id),
  name TEXT NOT NULL,
  type TEXT NOT NULL CHECK (type IN ('pdf', 'docx', 'xlsx')),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size > 0),
  content BLOB NOT NULL,
  attached_at TEXT NOT NULL,
  UNIQUE (application_id, sha256)
);
