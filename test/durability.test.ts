import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomToken } from '@parley/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { startParleyHarness } from './support/parley-harness.js';
import { killed, startServerProcess } from './support/server-process.js';

/** A real small file system (tmpfs) for the data folder, so the disk really fills up (CI runs as root). */
function mountSmallDisk(megabytes: number): string {
  const directory = mkdtempSync(path.join(tmpdir(), 'parley-full-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', directory]);
  return directory;
}

function freeBytes(directory: string): number {
  const stats = statfsSync(directory);
  return stats.bavail * stats.bsize;
}

// A restart keeps everything on the run's store; the tests of the data folder's journal (its processes:
// startServerProcess keeps the embedded store) and of the heap it fills use the embedded store.
describe('durability', () => {
  const folders: string[] = [];
  const children: ChildProcess[] = [];

  const mounts: string[] = [];

  afterAll(async () => {
    for (const child of children) await killed(child);
    for (const mount of mounts) {
      execFileSync('umount', [mount]);
      rmSync(mount, { recursive: true, force: true });
    }
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('keeps everything across a restart', async () => {
    const parley = await startParleyHarness();
    try {
      const agent = await (
        await parley.request('POST', '/v1/agents', { name: 'Keeper', system_prompt: 'Keep' })
      ).json();
      const app = await (
        await parley.request('POST', '/v1/apps', { name: 'Kept', agents: [agent.id] })
      ).json();
      parley.modelServer?.enqueue({ content: 'remembered answer' });
      const turn = await (
        await parley.request('POST', `/v1/apps/${app.id}/execute`, { message: 'remember me' })
      ).json();
      const chat = await (
        await parley.request('POST', `/v1/agents/${agent.id}/chat`, { message: 'and me' })
      ).json();
      const key = await (
        await parley.request('POST', '/v1/keys', {
          name: 'survivor',
          kind: 'publishable',
          app_id: app.id,
          allowed_origins: ['*'],
        })
      ).json();

      await parley.restart();

      expect(await (await parley.request('GET', `/v1/agents/${agent.id}`)).json()).toEqual(agent);
      expect((await (await parley.request('GET', `/v1/apps/${app.id}`)).json()).agents).toEqual([agent.id]);
      const history = await (
        await parley.request('GET', `/v1/apps/${app.id}/sessions/${turn.session_id}/history`)
      ).json();
      expect(history.messages.map((message: { content: string }) => message.content)).toEqual([
        'remember me',
        'remembered answer',
      ]);
      const conversation = await (
        await parley.request('GET', `/v1/agents/${agent.id}/conversations/${chat.conversation_id}`)
      ).json();
      expect(conversation.messages).toHaveLength(2);
      const withKey = await parley.request(
        'POST',
        `/v1/apps/${app.id}/sessions`,
        {},
        { authorization: `Bearer ${key.key}` },
      );
      expect(withKey.status).toBe(201);
    } finally {
      await parley.stop();
    }
  });

  it('after kill -9 in a burst of writes, the data folder loads and holds every answered message', async () => {
    const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-kill-'));
    folders.push(dataDirectory);
    const adminKey = `sk_kill_${randomToken(32)}`;
    const environment = {
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      PARLEY_OFFLINE_TOKEN_DELAY_MS: '0',
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    };
    const first = await startServerProcess(environment);
    children.push(first.child);
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const apps = await (await fetch(`${first.url}/v1/apps`, { headers })).json();
    const appId: string = apps.data[0].id;

    const answered: { sessionId: string; message: string; response: string }[] = [];
    let stop = false;
    const client = async (clientNumber: number) => {
      let sessionId: string | undefined;
      for (let turn = 0; !stop && turn < 10_000; turn += 1) {
        const message = `client ${clientNumber} turn ${turn}`;
        try {
          const response = await fetch(`${first.url}/v1/apps/${appId}/execute`, {
            method: 'POST',
            headers,
            body: JSON.stringify(sessionId ? { message, session_id: sessionId } : { message }),
          });
          if (response.status !== 200) continue;
          const body = await response.json();
          sessionId = body.session_id;
          answered.push({ sessionId: body.session_id, message, response: body.response });
        } catch {
          return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, index) => client(index));
    while (answered.length < 300) await new Promise((resolve) => setTimeout(resolve, 10));
    await killed(first.child);
    stop = true;
    await Promise.all(clients);
    expect(first.child.signalCode).toBe('SIGKILL');

    const second = await startServerProcess(environment);
    children.push(second.child);
    const bySession = new Map<string, typeof answered>();
    for (const entry of answered)
      bySession.set(entry.sessionId, [...(bySession.get(entry.sessionId) ?? []), entry]);
    for (const [sessionId, entries] of bySession) {
      const history = await (
        await fetch(`${second.url}/v1/apps/${appId}/sessions/${sessionId}/history`, { headers })
      ).json();
      const contents: string[] = history.messages.map((message: { content: string }) => message.content);
      for (const entry of entries) {
        const index = contents.indexOf(entry.message);
        expect(index, `${entry.message} is in the history`).toBeGreaterThanOrEqual(0);
        expect(contents[index + 1]).toBe(entry.response);
      }
    }
    const afterRestart = await fetch(`${second.url}/v1/apps/${appId}/execute`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'still working?' }),
    });
    expect(afterRestart.status).toBe(200);
    console.log(
      `kill -9 test: ${answered.length} answered turns in ${bySession.size} sessions, all found after restart`,
    );
    await killed(second.child);
  }, 60_000);
  it('a full disk refuses writes without damaging the data folder: after space is freed, a restart loads every answered write', async () => {
    const dataDirectory = mountSmallDisk(4);
    mounts.push(dataDirectory);
    const adminKey = `sk_full_${randomToken(32)}`;
    const environment = {
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    };
    const first = await startServerProcess(environment);
    children.push(first.child);
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    // Leave a little room, so the writes below reach the end of the disk quickly.
    const ballast = path.join(dataDirectory, 'ballast.bin');
    writeFileSync(ballast, Buffer.alloc(Math.max(0, freeBytes(dataDirectory) - 300_000)));

    const acknowledged: { id: string; system_prompt: string }[] = [];
    const refused: { status: number; body: { error?: { code?: string } } }[] = [];
    const createAgent = async (number: number) => {
      const response = await fetch(`${first.url}/v1/agents`, {
        method: 'POST',
        headers,
        // Odd sizes, so a write is cut in the middle of a line when the disk fills up.
        body: JSON.stringify({
          name: `Agent ${number}`,
          system_prompt: `${number} `.repeat(1_500 + (number % 7) * 311),
        }),
      });
      const body = await response.json();
      if (response.status === 201) acknowledged.push({ id: body.id, system_prompt: body.system_prompt });
      else refused.push({ status: response.status, body });
      return response.status;
    };
    let number = 0;
    while (refused.length < 5 && number < 2_000) {
      number += 1;
      await createAgent(number);
    }
    expect(refused.length, 'the disk filled up').toBe(5);
    for (const refusal of refused) {
      expect(refusal.status).toBeGreaterThanOrEqual(500);
      expect(refusal.body.error?.code).toBe('internal_error');
      expect((refusal.body.error as { message?: string }).message).toMatch(
        /Nothing was stored: the disk is full/,
      );
    }
    const beforeFreeing = acknowledged.length;

    rmSync(ballast);
    for (let more = 0; more < 20; more += 1) {
      number += 1;
      expect(await createAgent(number)).toBe(201);
    }
    expect(acknowledged.length).toBe(beforeFreeing + 20);
    await killed(first.child);

    const second = await startServerProcess(environment);
    children.push(second.child);
    for (const agent of acknowledged) {
      const response = await fetch(`${second.url}/v1/agents/${agent.id}`, { headers });
      expect(response.status, `${agent.id} was answered 201, so it is kept`).toBe(200);
      expect((await response.json()).system_prompt).toBe(agent.system_prompt);
    }
    console.log(
      `disk-full test: ${acknowledged.length} agents answered 201 (${beforeFreeing} before the disk filled), ${refused.length} refused, all answered ones found after restart`,
    );
    await killed(second.child);
  }, 120_000);
  it('when a failed write cannot be cut off the journal, writes are refused and /readyz answers 503 until it is whole', async () => {
    const dataDirectory = mountSmallDisk(4);
    mounts.push(dataDirectory);
    const adminKey = `sk_stuck_${randomToken(32)}`;
    const environment = {
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    };
    const first = await startServerProcess(environment);
    children.push(first.child);
    const headers = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
    const ballast = path.join(dataDirectory, 'ballast.bin');
    writeFileSync(ballast, Buffer.alloc(Math.max(0, freeBytes(dataDirectory) - 200_000)));
    // Append-only (chattr +a): the file system lets the journal grow but not be cut back.
    const journal = path.join(
      dataDirectory,
      readdirSync(dataDirectory)
        .filter((name) => /^journal-\d+\.jsonl$/.test(name))
        .sort()
        .at(-1) as string,
    );
    execFileSync('chattr', ['+a', journal]);
    const acknowledged: string[] = [];
    const createAgent = async (number: number) => {
      const response = await fetch(`${first.url}/v1/agents`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: `Agent ${number}`,
          system_prompt: `${number} `.repeat(1_500 + (number % 7) * 311),
        }),
      });
      const body = await response.json();
      if (response.status === 201) acknowledged.push(body.id);
      return { status: response.status, body };
    };
    let number = 0;
    let refusal: { status: number; body: { error?: { message?: string } } } | undefined;
    while (!refusal && number < 500) {
      number += 1;
      const answer = await createAgent(number);
      if (answer.status !== 201) refusal = answer;
    }
    expect(refusal?.status).toBe(500);

    const stuck = await fetch(`${first.url}/readyz`);
    expect(stuck.status).toBe(503);
    const stuckBody = await stuck.json();
    expect(stuckBody.store.writable).toBe(false);
    expect(stuckBody.store.warnings[0]).toMatch(
      /Writes are refused: a failed write \(the disk is full\) could not be cut off/,
    );
    const refused = await createAgent(10_000);
    expect(refused.status).toBe(500);
    expect(refused.body.error.message).toMatch(/Writes are refused until the journal is whole again/);

    execFileSync('chattr', ['-a', journal]);
    rmSync(ballast);
    expect((await createAgent(10_001)).status).toBe(201);
    expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    await killed(first.child);

    const second = await startServerProcess(environment);
    children.push(second.child);
    for (const id of acknowledged) {
      expect((await fetch(`${second.url}/v1/agents/${id}`, { headers })).status, `${id} is kept`).toBe(200);
    }
    await killed(second.child);
  }, 120_000);

  it('GET /readyz says the store is ready, and warns naming PostgreSQL once the heap is past PARLEY_STORE_WARN_HEAP_FRACTION', async () => {
    // The embedded store, whatever the run's DATABASE_URL: it is the one that holds records in the heap.
    const parley = await startParleyHarness({ environment: { DATABASE_URL: '' } });
    try {
      const ready = await fetch(`${parley.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', store: { writable: true, warnings: [] } });
      await parley.restart({ PARLEY_STORE_WARN_HEAP_FRACTION: '0.001' });
      const warned = await fetch(`${parley.url}/readyz`);
      expect(warned.status).toBe(200);
      const body = await warned.json();
      expect(body.store.records).toBeGreaterThan(0);
      expect(body.store.warnings).toEqual([expect.stringMatching(/heap is \d+% full.*PostgreSQL/)]);
    } finally {
      await parley.stop();
    }
  });
});
