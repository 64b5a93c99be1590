/**
 * CPU per execute of the engine in process (the offline model, no HTTP), embedded store against
 * PostgreSQL (this machine's test database, a schema of its own, dropped after): 200 warm-up
 * executes that each open a session, then `N` (600) more timed with `process.cpuUsage`; the two
 * stores alternate, `ROUNDS` (2) times; `ONLY=embedded|postgres` measures one.
 * `npx tsx bench/execute-cpu-by-store.ts`
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Engine, type Store } from '@parley/engine';
import { OfflineModel } from '@parley/model-offline';
import { LowdbStore } from '@parley/store-lowdb';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';

const executes = Number(process.env.N ?? 600);
const rounds = Number(process.env.ROUNDS ?? 2);
async function measure(kind: 'embedded' | 'postgres'): Promise<number> {
  const folder = mkdtempSync(path.join(tmpdir(), 'hpg-cpu-'));
  const schema = newTestSchema();
  const store: Store =
    kind === 'embedded'
      ? await LowdbStore.open({ directory: folder })
      : await PostgresStore.open({ connectionString: testDatabaseUrl, schema });
  const engine = new Engine({
    store,
    model: new OfflineModel({ tokenDelayMs: 0 }),
    clock: { now: () => Date.now() },
  });
  const agent = await engine.agents.create({
    name: 'Bench',
    system_prompt: 'Hi {{memory.sessionMeta.metadata.userProfile.name}}',
  } as never);
  const app = await engine.apps.create({ name: 'Bench', agents: [agent.id] } as never);
  for (let index = 0; index < 200; index++)
    await engine.execute(app.id, { message: 'Hello! What is your return policy?' });
  const before = process.cpuUsage();
  for (let index = 0; index < executes; index++)
    await engine.execute(app.id, { message: 'Hello! What is your return policy?' });
  const used = process.cpuUsage(before);
  await engine.close();
  rmSync(folder, { recursive: true, force: true });
  if (kind === 'postgres') await dropSchema(schema);
  return (used.user + used.system) / 1000 / executes;
}
for (let round = 1; round <= rounds; round++) {
  for (const kind of (process.env.ONLY ? [process.env.ONLY] : ['embedded', 'postgres']) as (
    | 'embedded'
    | 'postgres'
  )[]) {
    const load = (await import('node:os'))
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ');
    const ms = await measure(kind);
    console.log(`round ${round} ${kind}: ${ms.toFixed(3)} ms CPU per execute (load ${load})`);
  }
}
