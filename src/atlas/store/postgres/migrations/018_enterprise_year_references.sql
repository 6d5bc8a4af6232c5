-- 018: enterprise_year's three references (its enterprise, its cluster, its revision) are checked
-- once per statement instead of once per row.
--
-- Why: a foreign key in PostgreSQL is a trigger that runs a query for every row written. An
-- import writes up to millions of rows with one COPY, and the three keys took two thirds of its
-- time (bench/RESULTS.md, bench/import-postgres). A check that joins all the statement's rows
-- to the three tables at once gives the same guarantee for a fraction of the cost. SQLite checks
-- a key with one index look-up per row, which is cheap: there, 018 changes nothing.
--
-- The guarantee is the foreign keys': no row of enterprise_year names an enterprise, cluster or
-- revision that does not exist, at the end of every statement — on insert, on an update of one
-- of the three columns, and on a delete or a change of key in the tables it names (nothing in
-- ClusterAtlas does either; the guards are there so that nobody can by hand). The difference: a
-- transaction can no longer defer the check to its commit (SET CONSTRAINTS ALL DEFERRED), and
-- `migrate-store` copies enterprise_year after the tables it names for that reason.

ALTER TABLE enterprise_year
  DROP CONSTRAINT enterprise_year_credit_code_fkey,
  DROP CONSTRAINT enterprise_year_cluster_id_fkey,
  DROP CONSTRAINT enterprise_year_revision_id_fkey;

-- Raises foreign_key_violation (23503, as the keys did) for a row naming what does not exist.
CREATE FUNCTION enterprise_year_refuse(named_code text, named_cluster bigint, named_revision bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM enterprise e WHERE e.credit_code = named_code) THEN
    RAISE foreign_key_violation USING MESSAGE = format(
      'enterprise_year names the enterprise %s, which does not exist', named_code);
  ELSIF NOT EXISTS (SELECT 1 FROM cluster c WHERE c.id = named_cluster) THEN
    RAISE foreign_key_violation USING MESSAGE = format(
      'enterprise_year names the cluster %s, which does not exist', named_cluster);
  ELSIF named_revision IS NOT NULL AND
        NOT EXISTS (SELECT 1 FROM import_revision r WHERE r.id = named_revision) THEN
    RAISE foreign_key_violation USING MESSAGE = format(
      'enterprise_year names the revision %s, which does not exist', named_revision);
  END IF;
END $$;

-- After an INSERT or COPY: one join over all the statement's rows. A large statement, an
-- import's COPY, is planned for its size (EXECUTE) and joined by hashing: the planner prefers
-- two million index look-ups, which took half as long again here. A small one (a row recorded
-- by hand, the demo's rows) keeps its plan: a look-up a table, without planning each time.
CREATE FUNCTION enterprise_year_check_added() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
  nestloop text := current_setting('enable_nestloop');
BEGIN
  IF (SELECT count(*) > 10000 FROM enterprise_year_added) THEN
    PERFORM set_config('enable_nestloop', 'off', true);
    EXECUTE 'SELECT a.credit_code, a.cluster_id, a.revision_id
               FROM enterprise_year_added a
               LEFT JOIN enterprise e ON e.credit_code = a.credit_code
               LEFT JOIN cluster c ON c.id = a.cluster_id
               LEFT JOIN import_revision r ON r.id = a.revision_id
              WHERE e.credit_code IS NULL OR c.id IS NULL
                 OR (a.revision_id IS NOT NULL AND r.id IS NULL)
              LIMIT 1' INTO bad;
    PERFORM set_config('enable_nestloop', nestloop, true);
  ELSE
    SELECT a.credit_code, a.cluster_id, a.revision_id INTO bad
      FROM enterprise_year_added a
     WHERE NOT EXISTS (SELECT 1 FROM enterprise e WHERE e.credit_code = a.credit_code)
        OR NOT EXISTS (SELECT 1 FROM cluster c WHERE c.id = a.cluster_id)
        OR (a.revision_id IS NOT NULL AND
            NOT EXISTS (SELECT 1 FROM import_revision r WHERE r.id = a.revision_id))
     LIMIT 1;
  END IF;
  IF bad.credit_code IS NOT NULL THEN
    PERFORM enterprise_year_refuse(bad.credit_code, bad.cluster_id, bad.revision_id);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER enterprise_year_references_added AFTER INSERT ON enterprise_year
  REFERENCING NEW TABLE AS enterprise_year_added
  FOR EACH STATEMENT EXECUTE FUNCTION enterprise_year_check_added();

-- An update that changes one of the three columns (ClusterAtlas's only update, `current`, does
-- not fire it).
CREATE FUNCTION enterprise_year_check_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM enterprise_year_refuse(NEW.credit_code, NEW.cluster_id, NEW.revision_id);
  RETURN NEW;
END $$;

CREATE TRIGGER enterprise_year_references_changed
  BEFORE UPDATE OF credit_code, cluster_id, revision_id ON enterprise_year FOR EACH ROW
  WHEN (NEW.credit_code IS DISTINCT FROM OLD.credit_code OR NEW.cluster_id IS DISTINCT FROM
        OLD.cluster_id OR NEW.revision_id IS DISTINCT FROM OLD.revision_id)
  EXECUTE FUNCTION enterprise_year_check_changed();

-- The other side: an enterprise, cluster or revision that enterprise_year names may not be
-- deleted or given another key. TG_ARGV: the table's key column, then enterprise_year's column
-- naming it.
CREATE FUNCTION enterprise_year_keep_named() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key text := to_jsonb(OLD) ->> TG_ARGV[0];
  named boolean;
BEGIN
  IF TG_OP = 'UPDATE' AND key IS NOT DISTINCT FROM to_jsonb(NEW) ->> TG_ARGV[0] THEN
    RETURN NEW;
  END IF;
  EXECUTE format('SELECT EXISTS (SELECT 1 FROM enterprise_year WHERE %I::text = $1)', TG_ARGV[1])
    INTO named USING key;
  IF named THEN
    RAISE foreign_key_violation USING MESSAGE = format(
      'the %s %s is named by enterprise_year: it cannot be deleted or given another key',
      TG_TABLE_NAME, key);
  END IF;
  RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;

CREATE TRIGGER enterprise_year_keep_named BEFORE DELETE OR UPDATE OF credit_code ON enterprise
  FOR EACH ROW EXECUTE FUNCTION enterprise_year_keep_named('credit_code', 'credit_code');
CREATE TRIGGER enterprise_year_keep_named BEFORE DELETE OR UPDATE OF id ON cluster
  FOR EACH ROW EXECUTE FUNCTION enterprise_year_keep_named('id', 'cluster_id');
CREATE TRIGGER enterprise_year_keep_named BEFORE DELETE OR UPDATE OF id ON import_revision
  FOR EACH ROW EXECUTE FUNCTION enterprise_year_keep_named('id', 'revision_id');

INSERT INTO schema_migrations (version, applied_at, file)
  VALUES (18, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
          'src/atlas/store/postgres/migrations/018_enterprise_year_references.sql');
