import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParleyHarness, readEventStream, startParleyHarness } from './support/parley-harness.js';

/**
 * Stoplight Prism, a tool nobody here wrote, as a validating proxy in front of the real server with
 * the served `/v1/openapi.json` (`--errors`: a request or an answer that does not fit the document is
 * turned into an error). The README's and the reference documents' calls go through it unchanged.
 */

const repositoryRoot = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

describe('Prism as a validating proxy with the served document', () => {
  let parley: ParleyHarness;
  let prism: ChildProcess | undefined;
  let proxy = '';
  let folder = '';
  let prismOutput = '';

  async function call(
    method: string,
    pathname: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    return fetch(`${proxy}${pathname}`, {
      method,
      headers: {
        authorization: `Bearer ${parley.adminKey}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  /** Prism marks what does not fit the document in `sl-violations`; with `--errors` it answers an error. */
  function expectNoViolation(response: Response): void {
    expect(response.headers.get('sl-violations'), prismOutput.slice(-2_000)).toBeNull();
  }

  beforeAll(async () => {
    parley = await startParleyHarness({ model: 'offline' });
    folder = mkdtempSync(path.join(tmpdir(), 'parley-prism-'));
    const documentFile = path.join(folder, 'openapi.json');
    writeFileSync(documentFile, await (await fetch(`${parley.url}/v1/openapi.json`)).text());
    const port = await freePort();
    proxy = `http://127.0.0.1:${port}`;
    prism = spawn(
      path.join(repositoryRoot, 'node_modules/.bin/prism'),
      ['proxy', documentFile, parley.url, '--errors', '--host', '127.0.0.1', '--port', String(port)],
      { cwd: folder, env: { ...process.env, SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1' } },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Prism did not start:\n${prismOutput}`)), 90_000);
      const listen = (chunk: Buffer) => {
        prismOutput += chunk.toString();
        if (prismOutput.includes('Prism is listening')) {
          clearTimeout(timer);
          resolve();
        }
      };
      prism?.stdout?.on('data', listen);
      prism?.stderr?.on('data', listen);
      prism?.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Prism exited with ${code}:\n${prismOutput}`));
      });
    });
  }, 120_000);

  afterAll(async () => {
    if (prism && prism.exitCode === null) {
      const exited = new Promise((resolve) => prism?.once('exit', resolve));
      prism.kill('SIGTERM');
      await exited;
    }
    if (folder) rmSync(folder, { recursive: true, force: true });
    await parley?.stop();
  });

  it('passes execute, and an execute on an escalated session with `escalated: true`', async () => {
    const appId = parley.running.demo.appId;
    const first = await call('POST', `/v1/apps/${appId}/execute`, { message: 'What is your return policy?' });
    expectNoViolation(first);
    expect(first.status).toBe(200);
    const { session_id: sessionId } = (await first.json()) as { session_id: string };
    const escalated = await call('POST', `/v1/apps/${appId}/sessions/${sessionId}/escalate`);
    expectNoViolation(escalated);
    expect(escalated.status).toBe(200);
    const answer = await call('POST', `/v1/apps/${appId}/execute`, {
      message: 'Hello?',
      session_id: sessionId,
    });
    expectNoViolation(answer);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { escalated?: boolean }).escalated).toBe(true);
  });

  it("passes the README's multipart upload (`curl -F file=@…`) and the JSON form", async () => {
    const store = await call('POST', '/v1/datastores', { name: 'Manuals' });
    expect(store.status).toBe(201);
    const { id } = (await store.json()) as { id: string };
    const form = new FormData();
    form.append('file', new Blob(['# Returns\n\nThirty days.'], { type: 'text/markdown' }), 'returns.md');
    const upload = await fetch(`${proxy}/v1/datastores/${id}/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${parley.adminKey}` },
      body: form,
    });
    expectNoViolation(upload);
    expect(upload.status).toBe(201);
    const json = await call('POST', `/v1/datastores/${id}/documents`, {
      name: 'faq.txt',
      text: 'Shipping is free.',
    });
    expectNoViolation(json);
    expect(json.status).toBe(201);
  });

  it('passes a stream, an optional empty body, a refusal and a missing session', async () => {
    const appId = parley.running.demo.appId;
    const stream = await call('POST', `/v1/apps/${appId}/execute/stream`, { message: 'Hi' });
    expectNoViolation(stream);
    expect(stream.status).toBe(200);
    expect((await readEventStream(stream)).map((event) => event.event)).toContain('done');
    const session = await call('POST', `/v1/apps/${appId}/sessions`);
    expectNoViolation(session);
    expect(session.status).toBe(201);
    const foreign = await call('POST', `/v1/apps/${appId}/sessions`, undefined, {
      authorization: `Bearer ${parley.running.demo.publishableKey}`,
      origin: 'https://not-listed.example',
    });
    expectNoViolation(foreign);
    expect(foreign.status).toBe(403);
    const missing = await call('GET', `/v1/apps/${appId}/sessions/sess_doesnotexist00000000/history`);
    expectNoViolation(missing);
    expect(missing.status).toBe(404);
  });
});
