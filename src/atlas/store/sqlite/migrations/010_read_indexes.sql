-- 010: two indexes for the server's most frequent reads.
-- The audit log by entity: the newest change of one kind of record is one index look-up
-- (SqliteStore::figures_version: the cluster-year totals are kept until a change of the
-- annual figures, whatever else changes in between).
CREATE INDEX audit_log_entity ON audit_log (entity, id);
-- A cluster's status changes by date: its status at a year's end is one look-up
-- (SqliteStore::statuses_on), however long its history has grown.
CREATE INDEX cluster_status_change_date ON cluster_status_change (cluster_id, date, id);
