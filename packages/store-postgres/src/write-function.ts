/** The SQLSTATE `parley_write` raises when an `expect` guard does not hold. */
export const conflictState = 'P4090';

/**
 * `parley_add(stored, record)`: what an `add` leaves stored, as `addedRecord` (engine) computes it:
 * each number of `record` added to the stored one, each object of numbers added key by key (keys
 * that reach 0 dropped), any other field taken from `record`.
 */
export const addFunction = `
CREATE OR REPLACE FUNCTION parley_add(stored jsonb, record jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $body$
  SELECT coalesce(jsonb_object_agg(merged.key, merged.value), '{}'::jsonb) FROM (
    SELECT coalesce(old.key, new.key) AS key, CASE
      WHEN new.value IS NULL THEN old.value
      WHEN jsonb_typeof(new.value) = 'number' THEN
        to_jsonb(CASE WHEN jsonb_typeof(old.value) = 'number' THEN old.value::numeric ELSE 0 END + new.value::numeric)
      WHEN jsonb_typeof(new.value) = 'object' THEN (
        SELECT coalesce(jsonb_object_agg(sums.key, to_jsonb(sums.total)), '{}'::jsonb) FROM (
          SELECT coalesce(before.key, added.key) AS key,
                 coalesce(before.value::numeric, 0) + coalesce(added.value::numeric, 0) AS total
          FROM jsonb_each(CASE WHEN jsonb_typeof(old.value) = 'object' THEN old.value ELSE '{}'::jsonb END) AS before
          FULL JOIN jsonb_each(new.value) AS added ON before.key = added.key
        ) AS sums WHERE sums.total <> 0)
      ELSE new.value
    END AS value
    FROM jsonb_each(stored) AS old FULL JOIN jsonb_each(record) AS new ON old.key = new.key
  ) AS merged
$body$;
`;

/**
 * `parley_write(operations jsonb)`: applies one batch of the store's write operations, in order, in
 * the one statement (and so the one transaction) that calls it, so a batch costs one round trip.
 * Table names are quoted with `%I` and values passed as parameters or `%L` literals.
 * An `add` counts in SQL (`parley_add`), so the counts of several nodes add up without a read.
 * An `expect` takes a transaction lock on the record's key (so guards on a record that does not exist
 * yet are serialized too) and the row lock, then compares the stored JSON with the expected one.
 */
export const writeFunction = `
CREATE OR REPLACE FUNCTION parley_write(operations jsonb) RETURNS void LANGUAGE plpgsql AS $body$
DECLARE
  operation jsonb;
  target text;
  conditions text;
  stored jsonb;
BEGIN
  FOR operation IN SELECT value FROM jsonb_array_elements(operations) LOOP
    target := operation->>'collection';
    CASE operation->>'type'
      WHEN 'put' THEN
        EXECUTE format('INSERT INTO %I (id, data) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET data = EXCLUDED.data', target)
          USING operation->'record'->>'id', operation->'record';
      WHEN 'delete' THEN
        EXECUTE format('DELETE FROM %I WHERE id = $1', target) USING operation->>'id';
      WHEN 'deleteWhere' THEN
        SELECT string_agg(format('data->>%L = %L', key, value), ' AND ') INTO conditions
          FROM jsonb_each_text(operation->'where');
        EXECUTE format('DELETE FROM %I WHERE %s', target, coalesce(conditions, 'true'));
      WHEN 'add' THEN
        EXECUTE format('INSERT INTO %I AS stored (id, data) VALUES ($1, parley_add(''{}''::jsonb, $2)) ON CONFLICT (id) DO UPDATE SET data = parley_add(stored.data, $2)', target)
          USING operation->'record'->>'id', operation->'record';
        IF operation ? 'removeWhenEmpty' THEN
          EXECUTE format('DELETE FROM %I WHERE id = $1 AND data->%L = ''{}''::jsonb', target, operation->>'removeWhenEmpty')
            USING operation->'record'->>'id';
        END IF;
      WHEN 'expect' THEN
        PERFORM pg_advisory_xact_lock(hashtext(target || ':' || (operation->>'id')));
        EXECUTE format('SELECT data FROM %I WHERE id = $1 FOR UPDATE', target) INTO stored USING operation->>'id';
        IF stored IS DISTINCT FROM nullif(operation->'record', 'null'::jsonb) THEN
          RAISE EXCEPTION USING ERRCODE = '${conflictState}', MESSAGE = target || ' ' || (operation->>'id') || ' changed since it was read';
        END IF;
      ELSE
        RAISE EXCEPTION 'unknown operation %', operation->>'type';
    END CASE;
  END LOOP;
END
$body$;
`;
