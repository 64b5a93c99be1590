import { conflictState } from './write-function.js';

/** `parley_write` as migration 1 made it (before `add`); kept as released, replaced by migration 3. */
export const writeFunctionVersion1 = `
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
