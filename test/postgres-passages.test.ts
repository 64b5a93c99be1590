/**
 * Issue 12: with PostgreSQL, a datastore's passages and their index live in the database, so a
 * node's memory does not grow with stored data. A node started over a schema holding 30,000 passages
 * (~45 MB of text) answers citing one of them while its memory stays where a node over an almost
 * empty schema is, and an upload through one node is cited through another at once, with no
 * message between them (no Redis: the two nodes share nothing but the database).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ChunkRecord, put, randomToken } from '@parley/engine';
import { passageAnalysis } from '@parley/knowledge';
import { PostgresStore } from '@parley/store-postgres';
import { dropSchema, newTestSchema, testDatabaseUrl } from '@parley/store-postgres/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killed, type ServerProcess, startServerProcess } from './support/server-process.js';

const schema = newTestSchema();
const adminKey = `sk_test_${randomToken(32)}`;
const passageCount = 30_000;
const words =
  'account order delivery invoice parcel refund return exchange store warehouse courier payment card voucher receipt size colour fabric battery screen charger cable warranty repair manual guide policy customer service team hours weekend holiday address postcode country tax duty label box'.split(
    ' ',
  );

function startNode(): Promise<ServerProcess> {
  return startServerProcess({
    PORT: '0',
    HOST: '127.0.0.1',
    PARLEY_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'parley-node-')),
    DATABASE_URL: testDatabaseUrl,
    PARLEY_DATABASE_SCHEMA: schema,
    PARLEY_ADMIN_KEY: adminKey,
    PARLEY_OFFLINE_TOKEN_DELAY_MS: '0',
    REDIS_URL: '',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    LOG_LEVEL: 'info',
  });
}

/** The node's resident memory, in MB. */
function residentMegabytes(node: ServerProcess): number {
  const status = readFileSync(`/proc/${node.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function call(node: ServerProcess, method: string, pathname: string, body?: unknown) {
  const response = await fetch(`${node.url}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, `${method} ${pathname}`).toBeLessThan(300);
  return response.json();
}

async function uploadText(node: ServerProcess, datastoreId: string, name: string, text: string) {
  const document = await call(node, 'POST', `/v1/datastores/${datastoreId}/documents`, { name, text });
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const now = await call(node, 'GET', `/v1/datastores/${datastoreId}/documents/${document.id}`);
    if (now.status === 'ready') return now as { id: string };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${name} was not read`);
}

/** A passage of ~1,500 characters of support text, different for each number. */
function fillerText(number: number): string {
  const sentence: string[] = [`Handbook section ${number}.`];
  let seed = number * 7919;
  while (sentence.join(' ').length < 1_500) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    sentence.push(words[seed % words.length] ?? 'order');
  }
  return `${sentence.join(' ')}.`;
}

describe('passages kept in PostgreSQL', () => {
  let first: ServerProcess;
  let second: ServerProcess | undefined;
  let datastoreId: string;
  let agentId: string;

  beforeAll(async () => {
    first = await startNode();
    datastoreId = (await call(first, 'POST', '/v1/datastores', { name: 'Handbook' })).id;
    agentId = (await call(first, 'POST', '/v1/agents', { name: 'Staff', system_prompt: 'Be precise.' })).id;
    await call(first, 'POST', `/v1/agents/${agentId}/datastores`, { datastore_id: datastoreId });
    const handbook = await uploadText(first, datastoreId, 'handbook.md', 'Welcome to the staff handbook.');
    // 30,000 more passages of the handbook, written as a node writes them: stored, then indexed.
    const store = await PostgresStore.open({ connectionString: testDatabaseUrl, schema, poolSize: 2 });
    try {
      const index = await store.retrievalIndex({ analysis: passageAnalysis });
      for (let start = 0; start < passageCount; start += 1_000) {
        const chunks: ChunkRecord[] = [];
        for (let number = start; number < start + 1_000; number += 1)
          chunks.push({
            id: `chk_handbook_${number}`,
            datastore_id: datastoreId,
            document_id: handbook.id,
            document_name: 'handbook.md',
            page_number: 1,
            text:
              number === 12_345
                ? 'The moonstone clause: staff may borrow the observatory telescope on Fridays.'
                : fillerText(number),
          });
        await store.write(chunks.map((chunk) => put('chunks', chunk)));
        await index.add(chunks);
      }
    } finally {
      await store.close();
    }
  }, 300_000);

  afterAll(async () => {
    if (first) await killed(first.child);
    if (second) await killed(second.child);
    await dropSchema(schema);
  });

  it('a node started over 30,000 passages answers citing one, without holding them in memory', async () => {
    const before = await call(first, 'POST', `/v1/agents/${agentId}/chat`, {
      message: 'Who wrote the handbook?',
    });
    expect(before.content).toBeTruthy();
    const baseline = residentMegabytes(first);
    second = await startNode();
    const answer = await call(second, 'POST', `/v1/agents/${agentId}/chat`, {
      message: 'When may staff borrow the observatory telescope?',
    });
    expect(answer.content).toContain('Fridays');
    expect(answer.citations).toEqual([expect.objectContaining({ document_name: 'handbook.md' })]);
    // The passages are ~45 MB of text: held in memory, they would add well over 100 MB.
    expect(residentMegabytes(second)).toBeLessThan(baseline + 40);
  }, 120_000);

  it('an upload through one node is cited through the other at once, with no message between them', async () => {
    const node = second ?? (await startNode());
    second = node;
    await uploadText(
      first,
      datastoreId,
      'parking.md',
      'Bicycles are parked in the courtyard behind the library.',
    );
    const answer = await call(node, 'POST', `/v1/agents/${agentId}/chat`, {
      message: 'Where are bicycles parked?',
    });
    expect(answer.content).toContain('courtyard');
    expect(answer.citations).toEqual([expect.objectContaining({ document_name: 'parking.md' })]);
  });
});
