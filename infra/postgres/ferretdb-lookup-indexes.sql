-- FerretDB 1.24 on PostgreSQL filters an equality `{field: value}` as `(_jsonb -> 'field') @> value` (containment,
-- so that a value inside an array matches too), but builds every index it is asked for as a btree on
-- `(_jsonb -> 'field')`. A btree cannot answer `@>`, so without help every query, even one by `_id`, reads the
-- whole table. This event trigger gives each such btree index a GIN twin over the same expressions, which
-- PostgreSQL does use for `@>`. Nested fields (`a.b`) are filtered as `_jsonb #> '{a,b}'` when FerretDB runs
-- with --test-enable-nested-pushdown, so their twin is built on that form. See docs/adr/0010-index-backed-queries.md.
-- Idempotent: run it on the database FerretDB uses, once, as a superuser (event triggers need one).

CREATE OR REPLACE FUNCTION carebridge_ferretdb_gin_twin() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
  definition text;
  columns text;
  twin_columns text[];
  part text;
  path text[];
  twin text;
BEGIN
  FOR created IN
    SELECT c.objid, i.indrelid, ci.relname AS index_name, n.nspname AS schema_name
      FROM pg_event_trigger_ddl_commands() c
      JOIN pg_index i ON i.indexrelid = c.objid
      JOIN pg_class ci ON ci.oid = c.objid
      JOIN pg_am am ON am.oid = ci.relam
      JOIN pg_namespace n ON n.oid = ci.relnamespace
     WHERE c.command_tag = 'CREATE INDEX' AND am.amname = 'btree' AND i.indexprs IS NOT NULL
  LOOP
    definition := pg_get_indexdef(created.objid);
    -- Only FerretDB's shape: every key is an expression over the _jsonb column.
    columns := substring(definition FROM 'USING btree \((.*)\)$');
    CONTINUE WHEN columns IS NULL OR columns !~ '_jsonb';
    twin_columns := ARRAY[]::text[];
    -- One part per key: a top-level key starts with `((_jsonb`, a nested one with `(((_jsonb`.
    FOREACH part IN ARRAY regexp_split_to_array(columns, ', (?=\(+_jsonb)') LOOP
      -- ((_jsonb -> 'a'::text) -> 'b'::text) DESC  ->  path {a,b}
      SELECT array_agg(m[1] ORDER BY ord) INTO path
        FROM regexp_matches(part, '-> ''((?:[^'']|'''')*)''::text', 'g') WITH ORDINALITY AS t(m, ord);
      CONTINUE WHEN path IS NULL;
      IF array_length(path, 1) = 1 THEN
        twin_columns := twin_columns || format('(_jsonb -> %L) jsonb_path_ops', replace(path[1], '''''', ''''));
      ELSE
        twin_columns := twin_columns || format('(_jsonb #> %L::text[]) jsonb_path_ops',
          (SELECT array_agg(replace(p, '''''', '''')) FROM unnest(path) p)::text);
      END IF;
    END LOOP;
    CONTINUE WHEN array_length(twin_columns, 1) IS NULL;
    twin := left(created.index_name, 59) || '_gin';
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin (%s) WITH (fastupdate = off)',
      twin, created.indrelid::regclass, array_to_string(twin_columns, ', '));
  END LOOP;
END;
$$;

DROP EVENT TRIGGER IF EXISTS carebridge_ferretdb_gin_twin;

CREATE EVENT TRIGGER carebridge_ferretdb_gin_twin ON ddl_command_end WHEN TAG IN ('CREATE INDEX')
  EXECUTE FUNCTION carebridge_ferretdb_gin_twin();
