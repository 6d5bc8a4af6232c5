-- 019: a small statement's rows of enterprise_year (up to 10,000: a row added by hand, a batch of
-- the demo's) have their references looked up one index probe a row.
--
-- Why: 018 wrote that check as NOT EXISTS … OR NOT EXISTS …, which the planner may run as
-- "hashed subplans": each reads the whole enterprise table into a hash, whatever the number of
-- rows checked. It does so when the statement's rows are many against the enterprises stored:
-- the demo's statements of 256 rows each read all 29,504 enterprises, 21 ms a statement instead
-- of under 1 ms. A lateral sub-query with LIMIT cannot be hashed or flattened into a join, so
-- each row makes one look-up in each of the three primary keys, whatever plan is cached. Large
-- statements (an import's COPY) keep 018's hash join.

CREATE OR REPLACE FUNCTION enterprise_year_check_added() RETURNS trigger LANGUAGE plpgsql AS $$
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
      LEFT JOIN LATERAL (SELECT 1 AS found FROM enterprise e
                          WHERE e.credit_code = a.credit_code LIMIT 1) e ON true
      LEFT JOIN LATERAL (SELECT 1 AS found FROM cluster c
                          WHERE c.id = a.cluster_id LIMIT 1) c ON true
      LEFT JOIN LATERAL (SELECT 1 AS found FROM import_revision r
                          WHERE r.id = a.revision_id LIMIT 1) r ON true
     WHERE e.found IS NULL OR c.found IS NULL OR (a.revision_id IS NOT NULL AND r.found IS NULL)
     LIMIT 1;
  END IF;
  IF bad.credit_code IS NOT NULL THEN
    PERFORM enterprise_year_refuse(bad.credit_code, bad.cluster_id, bad.revision_id);
  END IF;
  RETURN NULL;
END $$;

INSERT INTO schema_migrations (version, applied_at, file)
  VALUES (19, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
          'src/atlas/store/postgres/migrations/019_small_statement_references.sql');
