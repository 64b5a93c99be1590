/**
 * Issue 12: `parley migrate --to "$DATABASE_URL"` moves a team that outgrew the embedded store to
 * PostgreSQL: the data folder is only read (not one byte of it changes), every collection holds as
 * many records afterwards, run again it ends the same way, a database filled from elsewhere is
 * refused, and the server started on PostgreSQL goes on where the folder left off: the same
 * conversation history, the same keys, and the same documents cited.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, startParleyHarness } from './support/parley-harness.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '..');

/** `pnpm parley migrate …` as an operator runs it: its exit code and what it printed. */
async function migrate(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', 'packages/server/src/cli.ts', 'migrate', ...args],
      { cwd: root, env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent' } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Every file of a folder with a digest of its bytes. */
function fingerprint(folder: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(folder).map((name) => [
      name,
      createHash('sha256')
        .update(readFileSync(path.join(folder, name)))
        .digest('hex'),
    ]),
  );
}

describe('parley migrate: from the data folder to PostgreSQL', () => {
  let parley: ParleyHarness;
  const schema = newTestSchema();
  const otherSchema = newTestSchema();
  let sessionId: string;
  let keySecret: string;

  beforeAll(async () => {
    // The embedded store, whatever the run's DATABASE_URL: this is where a team starts.
    parley = await startParleyHarness({ model: 'offline', environment: { DATABASE_URL: '' } });
    const appId = parley.running.demo.appId;
    const first = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'How long do I have to return a laptop?',
    });
    sessionId = ((await first.json()) as { session_id: string }).session_id;
    await parley.request('POST', `/v1/apps/${appId}/execute`, { message: 'Thanks!', session_id: sessionId });
    const key = await parley.request('POST', '/v1/keys', { name: 'Helpdesk', kind: 'secret' });
    keySecret = ((await key.json()) as { key: string }).key;
  });
  afterAll(async () => {
    await parley?.stop();
    await dropSchema(schema);
    await dropSchema(otherSchema);
  });

  it('copies everything, reads the folder only, runs again the same, and the server goes on on PostgreSQL', async () => {
    let migrated = { code: -1, stdout: '', stderr: '' };
    let again = { code: -1, stdout: '', stderr: '' };
    let before: Record<string, string> = {};
    let after: Record<string, string> = {};
    await parley.restart({ DATABASE_URL: testDatabaseUrl, PARLEY_DATABASE_SCHEMA: schema }, async () => {
      before = fingerprint(parley.dataDirectory);
      migrated = await migrate('--to', testDatabaseUrl, '--schema', schema, '--from', parley.dataDirectory);
      again = await migrate('--to', testDatabaseUrl, '--schema', schema, '--from', parley.dataDirectory);
      after = fingerprint(parley.dataDirectory);
    });
    expect(migrated.stderr).not.toMatch(/Error|differ/);
    expect(migrated.code).toBe(0);
    expect(migrated.stdout).toContain('Migrated');
    expect(migrated.stdout).toMatch(/messages\s+4 records/);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/messages\s+4 records/);
    expect(after).toEqual(before);

    // Now on PostgreSQL: the same history, the same key, the same documents cited.
    const appId = parley.running.demo.appId;
    const history = await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    expect(history.status).toBe(200);
    const { messages } = (await history.json()) as { messages: { content: string }[] };
    expect(messages.map((message) => message.content)).toContain('How long do I have to return a laptop?');
    expect(messages).toHaveLength(4);
    const withKey = await fetch(`${parley.url}/v1/agents`, {
      headers: { authorization: `Bearer ${keySecret}` },
    });
    expect(withKey.status).toBe(200);
    const answer = await parley.request('POST', `/v1/apps/${appId}/execute`, {
      message: 'Can I return a laptop after 40 days?',
      session_id: sessionId,
    });
    expect(answer.status).toBe(200);
    const later = await parley.request('GET', `/v1/apps/${appId}/sessions/${sessionId}/history`);
    const { messages: now } = (await later.json()) as {
      messages: { citations?: { document_name: string }[] }[];
    };
    expect(now.at(-1)?.citations?.[0]?.document_name).toMatch(/\.pdf$/);
  });

  it('refuses a database filled from another folder, and one a node already started on', async () => {
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'parley-other-'));
    const mixed = await migrate('--to', testDatabaseUrl, '--schema', schema, '--from', elsewhere);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('filled from another data folder');

    // A node started on otherSchema: it holds its own admin key and demo.
    const node = await startParleyHarness({
      model: 'offline',
      environment: { DATABASE_URL: testDatabaseUrl, PARLEY_DATABASE_SCHEMA: otherSchema },
    });
    await node.running.stop();
    const started = await migrate('--to', testDatabaseUrl, '--schema', otherSchema, '--from', elsewhere);
    expect(started.code).toBe(1);
    expect(started.stderr).toContain('not from this data folder');
  });
});
