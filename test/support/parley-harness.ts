import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { removeKeys, testPrefix } from '@parley/coordination-redis/testing';
import { randomToken } from '@parley/engine';
import { createLogger, type RunningParley, readConfig, startParley } from '@parley/server';
import { testDatabase } from './database.js';
import { type OpenAiTestServer, startOpenAiTestServer } from './openai-server.js';

export interface ParleyHarness {
  /** The server's origin, e.g. http://127.0.0.1:43211 */
  url: string;
  adminKey: string;
  running: RunningParley;
  /** The local OpenAI-compatible server the model talks to (null with the offline model). */
  modelServer: OpenAiTestServer | null;
  dataDirectory: string;
  /** Everything the store holds, as text: the data folder's files, or on PostgreSQL its rows. */
  storedText(): Promise<string>;
  /** A request to the API with the admin key unless other headers say otherwise. */
  request(
    method: string,
    pathname: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /**
   * Stops and starts the server on the same data folder (a restart keeps everything),
   * with `environment` changed from then on when given (an operator changing a setting);
   * `whileStopped` runs between the two (e.g. a command on the data folder).
   */
  restart(environment?: Record<string, string>, whileStopped?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  /** `openai` (default): the real openai SDK against the local test server; `offline`: the built-in model. */
  model?: 'openai' | 'offline';
  environment?: Record<string, string>;
}

/** A real Parley server over HTTP on 127.0.0.1 with its own data folder, for tests. */
export async function startParleyHarness(options: HarnessOptions = {}): Promise<ParleyHarness> {
  const dataDirectory = mkdtempSync(path.join(tmpdir(), 'parley-test-'));
  const modelServer = options.model === 'offline' ? null : await startOpenAiTestServer();
  const adminKey = `sk_test_${randomToken(32)}`;
  const redisPrefix = process.env.REDIS_URL ? testPrefix() : null;
  const database = testDatabase();
  const environment: Record<string, string> = {
    PORT: '0',
    PARLEY_DATA_DIR: dataDirectory,
    ...database.environment,
    PARLEY_ADMIN_KEY: adminKey,
    PARLEY_OFFLINE_TOKEN_DELAY_MS: '0',
    // A stop here drains nothing: no load balancer sends here, and a test that stops the server
    // mid-answer means to cut it short (the two-node suite's processes keep the defaults).
    PARLEY_DRAIN_TIMEOUT_MS: '0',
    PARLEY_DRAIN_LINGER_MS: '0',
    LOG_LEVEL: 'silent',
    // The CI job that runs the whole suite on Redis sets REDIS_URL: each server gets its own key prefix.
    ...(redisPrefix && process.env.REDIS_URL
      ? { REDIS_URL: process.env.REDIS_URL, PARLEY_REDIS_PREFIX: redisPrefix }
      : {}),
    ...(modelServer
      ? { OPENAI_BASE_URL: modelServer.url, OPENAI_API_KEY: 'test-key', PARLEY_MODEL: 'test-model' }
      : {}),
    ...options.environment,
  };
  const config = readConfig(environment);
  const logger = createLogger(config.logLevel);
  let running = await startParley(config, logger);
  // The demo documents are read in the background on a first start: tests ask about them at once.
  await running.engine.documents.settled();

  const harness: ParleyHarness = {
    get url() {
      return running.url;
    },
    adminKey,
    get running() {
      return running;
    },
    modelServer,
    dataDirectory,
    async storedText() {
      const rows = await database.storedText();
      return rows ?? folderText(dataDirectory);
    },
    async request(method, pathname, body, headers = {}) {
      const init: RequestInit = {
        method,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
      };
      if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
      return fetch(`${running.url}${pathname}`, init);
    },
    async restart(changes = {}, whileStopped) {
      const port = new URL(running.url).port;
      await running.stop();
      await whileStopped?.();
      Object.assign(environment, changes);
      running = await startParley(readConfig({ ...environment, PORT: port }), logger);
    },
    async stop() {
      await running.stop();
      await modelServer?.close();
      rmSync(dataDirectory, { recursive: true, force: true });
      if (redisPrefix && process.env.REDIS_URL) await removeKeys(process.env.REDIS_URL, redisPrefix);
      await database.drop();
    },
  };
  return harness;
}

/** Reads a `text/event-stream` body into its events, in order. */
export async function readEventStream(
  response: Response,
): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await response.text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('event: '))
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? '';
      const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? '{}') as Record<string, unknown>;
      return { event, data };
    });
}

/** Every file under a folder, as one text. */
function folderText(folder: string): string {
  return readdirSync(folder)
    .map((name) => {
      const file = path.join(folder, name);
      return statSync(file).isDirectory() ? folderText(file) : readFileSync(file, 'latin1');
    })
    .join('\n');
}
