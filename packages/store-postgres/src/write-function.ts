/** The SQLSTATE `parley_write` raises when an `expect` guard does not hold. */
export const conflictState = 'P4090';

/**
 * `parley_add(stored, record)`: what an `add` leaves of a stored record, as `addedRecord` (engine)
 * computes it: each number of `record` added to the stored one, each object of numbers added key by
 * key (keys that reach 0 dropped), any other field taken from `record`. PL/pgSQL, so its statements
 * are planned once per connection, and fields that change nothing (a 0, an equal string) are
 * skipped: a bucket's add changes 2–4 of its 15 fields.
 */
export const addFunction = `
CREATE OR REPLACE FUNCTION parley_add(stored jsonb, record jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $body$
DECLARE
  result jsonb := coalesce(stored, '{}'::jsonb);
  field text;
  added jsonb;
  sums jsonb;
  entry text;
  amount jsonb;
  total numeric;
BEGIN
  FOR field, added IN SELECT key, value FROM jsonb_each(record) LOOP
    CONTINUE WHEN result->field = added AND jsonb_typeof(added) NOT IN ('number', 'object');
    CASE jsonb_typeof(added)
      WHEN 'number' THEN
        CONTINUE WHEN added = '0'::jsonb AND jsonb_typeof(result->field) = 'number';
        result := result || jsonb_build_object(field,
          CASE WHEN jsonb_typeof(result->field) = 'number' THEN (result->>field)::numeric ELSE 0 END + added::numeric);
      WHEN 'object' THEN
        CONTINUE WHEN added = '{}'::jsonb AND jsonb_typeof(result->field) = 'object';
        sums := CASE WHEN jsonb_typeof(result->field) = 'object' THEN result->field ELSE '{}'::jsonb END;
        FOR entry, amount IN SELECT key, value FROM jsonb_each(added) LOOP
          total := coalesce((sums->>entry)::numeric, 0) + amount::numeric;
          IF total = 0 THEN sums := sums - entry;
          ELSE sums := sums || jsonb_build_object(entry, total);
          END IF;
        END LOOP;
        result := result || jsonb_build_object(field, sums);
      ELSE
        result := result || jsonb_build_object(field, added);
    END CASE;
  END LOOP;
  RETURN result;
END
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
        -- 'created': the record the add makes where there is none, computed by the client (null: none).
        IF jsonb_typeof(operation->'created') = 'object' THEN
          EXECUTE format('INSERT INTO %I AS stored (id, data) VALUES ($1, $3) ON CONFLICT (id) DO UPDATE SET data = parley_add(stored.data, $2)', target)
            USING operation->'record'->>'id', operation->'record', operation->'created';
        ELSE
          EXECUTE format('UPDATE %I SET data = parley_add(data, $2) WHERE id = $1', target)
            USING operation->'record'->>'id', operation->'record';
        END IF;
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
