-- 009: the audit log becomes a hash chain (src/atlas/store/audit_chain.h): who (account, or the
-- CLI operator with no account), from where, why, the state before and after (JSON text), and
-- the SHA-256 of the previous entry. The rows written before this migration are chained by the
-- migration itself, in id order (migrate.cpp), so `audit-log verify` passes after an upgrade.

ALTER TABLE audit_log ADD COLUMN account_id INTEGER REFERENCES account (id);
ALTER TABLE audit_log ADD COLUMN origin TEXT NOT NULL DEFAULT 'cli';
ALTER TABLE audit_log ADD COLUMN reason TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN before TEXT;
ALTER TABLE audit_log ADD COLUMN after TEXT;
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE audit_log ADD COLUMN hash TEXT NOT NULL DEFAULT '';

CREATE INDEX audit_log_at ON audit_log (at);

-- Append-only in the database itself: no entry can be removed, and an entry can be changed only
-- to chain a row that has no hash yet (this migration's own step), once.
CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log WHEN old.hash <> ''
BEGIN
  SELECT RAISE(ABORT, 'the audit log is append-only');
END;
