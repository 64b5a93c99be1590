import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKeyBody } from '@parley/contract/schemas';
import { Engine, ParleyError } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { PostgresStore } from '@parley/store-postgres';
import { readConfig } from './config.js';
import { createLogger } from './logger.js';
import { MigrationError, migrateStore } from './migrate.js';
import { openStore } from './open-store.js';

const usage = `Usage:
  pnpm parley keys create --name NAME [--kind secret|publishable] [--plan free|pro|enterprise]
                          [--app app_…] [--agent agt_…] [--origin https://example.com]…
                          [--per-minute N --per-day N]
  pnpm parley keys list
  pnpm parley migrate --to postgres://… [--from DATA_DIR] [--schema parley]

Works on the data folder (PARLEY_DATA_DIR, ./data) while the server is stopped,
or on PostgreSQL when DATABASE_URL is set; with the server running, use POST /v1/keys instead.

migrate copies the embedded data folder (--from, else PARLEY_DATA_DIR or ./data; only read, and
the server must be stopped) into PostgreSQL (--to; the schema --schema, else PARLEY_DATABASE_SCHEMA
or parley, which must be empty or a migration's from this folder), then checks every collection
holds as many records there. Interrupted, run it again: it finishes the same way.`;

async function migrate(rest: string[]): Promise<number> {
  const { values } = parseArgs({
    args: rest,
    options: { to: { type: 'string' }, from: { type: 'string' }, schema: { type: 'string' } },
  });
  if (!values.to) {
    process.stderr.write(`migrate needs --to with a PostgreSQL URL\n\n${usage}\n`);
    return 2;
  }
  const config = readConfig();
  const directory = path.resolve(values.from ?? config.dataDirectory);
  const source = await LowdbStore.openReadOnly(directory);
  const target = await PostgresStore.open({
    connectionString: values.to,
    schema: values.schema ?? config.databaseSchema,
    poolSize: 2,
  });
  try {
    const counts = await migrateStore({
      source,
      target,
      sourceName: directory,
      progress: (line) => process.stderr.write(`${line}\n`),
    });
    for (const count of counts)
      process.stdout.write(`${count.collection.padEnd(20)} ${String(count.target).padStart(9)} records\n`);
    process.stdout.write(
      'Migrated: every collection holds as many records in PostgreSQL as in the data folder.\n',
    );
    return 0;
  } catch (error) {
    if (!(error instanceof MigrationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 1;
  } finally {
    await source.close();
    await target.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'migrate') return migrate(command === undefined ? [] : [command, ...rest]);
  if (group !== 'keys' || (command !== 'create' && command !== 'list')) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      kind: { type: 'string', default: 'secret' },
      plan: { type: 'string' },
      app: { type: 'string' },
      agent: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'per-minute': { type: 'string' },
      'per-day': { type: 'string' },
    },
  });
  const config = readConfig();
  const { store } = await openStore(config, createLogger('silent'));
  const engine = new Engine({ store, model: new OfflineModel() });
  try {
    if (command === 'list') {
      const keys = await engine.keys.list({ limit: 100 });
      for (const key of keys.data)
        process.stdout.write(
          `${key.id}  ${key.kind.padEnd(11)} ${key.plan.padEnd(10)} ${key.masked}  ${key.name}\n`,
        );
      return 0;
    }
    const parsed = createKeyBody.safeParse({
      name: values.name,
      kind: values.kind,
      plan: values.plan,
      app_id: values.app,
      agent_id: values.agent,
      allowed_origins: values.origin,
      rate_limit:
        values['per-minute'] || values['per-day']
          ? { per_minute: Number(values['per-minute']), per_day: Number(values['per-day']) }
          : undefined,
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      process.stderr.write(`${issue?.path.join('.') || 'input'}: ${issue?.message}\n\n${usage}\n`);
      return 2;
    }
    const { key, secret } = await engine.keys.create(parsed.data);
    process.stdout.write(`Created ${key.kind} key ${key.id} (${key.plan}). Shown once:\n${secret}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`${error instanceof ParleyError ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await engine.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exitCode = 1;
}
