/** The servers a bench run measures, each in its own process: the model server and Parley. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { renderTemplate } from '@parley/engine';
import { dropSchema, newTestSchema } from '@parley/store-postgres/testing';
import { getJson, postJson } from './http-client.js';
import {
  compiledServer,
  freePort,
  type RunningChild,
  spawnChild,
  temporaryFolder,
  waitForHealthy,
} from './processes.js';
import { benchDatabaseUrl, cleanEnvironment, profileFolder, startTimeoutMs } from './settings.js';
import { type BenchTargets, executeMessage } from './targets.js';

export async function startModelServer(): Promise<{ child: RunningChild; url: string }> {
  const child = spawnChild({
    name: 'model server',
    script: 'test/support/openai-server-main.ts',
    environment: { ...cleanEnvironment(), PORT: '0' },
  });
  const [, url] = await child.waitForLine(/^OPENAI_TEST_SERVER (\S+)$/m, startTimeoutMs);
  if (!url) throw new Error('The model server printed no URL');
  return { child, url };
}

export interface StartedParley {
  child: RunningChild;
  url: string;
  adminKey: string;
  appId: string;
  dataDirectory: string;
  /** Drops the PostgreSQL schema of this run (with `BENCH_DATABASE_URL`; nothing otherwise). */
  dropDatabase(): Promise<void>;
  /** What Parley sends the model for one execute of `executeMessage` in a new session. */
  modelRequestBody: Record<string, unknown>;
}

/** Parley on a free port with a fresh data folder; `modelUrl` null: the built-in offline model. */
export async function startParleyProcess(modelUrl: string | null, profile: boolean): Promise<StartedParley> {
  const port = await freePort();
  const dataDirectory = temporaryFolder('parley-bench-data-');
  const adminKey = `sk_bench_${randomBytes(24).toString('base64url')}`;
  if (profile) mkdirSync(profileFolder, { recursive: true });
  const schema = benchDatabaseUrl ? newTestSchema() : null;
  const dropDatabase = async () => {
    if (schema && benchDatabaseUrl) await dropSchema(schema, benchDatabaseUrl);
  };
  const child = spawnChild({
    name: modelUrl ? 'Parley' : 'Parley (offline model)',
    script: compiledServer,
    nodeFlags: profile ? ['--cpu-prof', `--cpu-prof-dir=${profileFolder}`] : [],
    environment: {
      ...cleanEnvironment(),
      HOST: '127.0.0.1',
      PORT: String(port),
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'warn',
      ...(schema && benchDatabaseUrl
        ? { DATABASE_URL: benchDatabaseUrl, PARLEY_DATABASE_SCHEMA: schema }
        : {}),
      ...(modelUrl
        ? { OPENAI_BASE_URL: modelUrl, OPENAI_API_KEY: 'x' }
        : { PARLEY_OFFLINE_TOKEN_DELAY_MS: '0' }),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealthy(url, child, startTimeoutMs);
  const { appId, modelRequestBody } = await prepareBenchApp(url, adminKey);
  return { child, url, adminKey, appId, dataDirectory, dropDatabase, modelRequestBody };
}

export interface BenchApp {
  appId: string;
  /** What Parley sends the model for one execute of `executeMessage` in a new session. */
  modelRequestBody: Record<string, unknown>;
}

/** Creates the bench's agent and app on a running Parley (any node of it) and works out its model request. */
export async function prepareBenchApp(url: string, adminKey: string): Promise<BenchApp> {
  const headers = { authorization: `Bearer ${adminKey}` };
  const health = await getJson<{ model: string }>(`${url}/healthz`, {});
  // A plain agent and app (no knowledge base, unlike the demo's), so this measures the execute path itself.
  const created = await postJson<{ id: string }>(`${url}/v1/agents`, headers, {
    name: 'Bench',
    system_prompt:
      "You are the assistant of the Parley demo shop. The visitor's name, if known: {{memory.sessionMeta.metadata.userProfile.name}}.",
  });
  const app = await postJson<{ id: string; agents: string[] }>(`${url}/v1/apps`, headers, {
    name: 'Bench',
    agents: [created.id],
  });
  if (!app.agents[0]) throw new Error(`Expected an app with an agent, got ${JSON.stringify(app)}`);
  const agent = await getJson<{
    system_prompt: string;
    model: string | null;
    settings: { temperature: number; max_tokens: number };
  }>(`${url}/v1/agents/${app.agents[0]}`, headers);
  // The request Parley sends for the first turn of a new session: the rendered system prompt, the message.
  const systemPrompt = renderTemplate(agent.system_prompt, {
    memory: { sessionMeta: { metadata: {}, user_id: null, session_id: 'sess_bench' } },
  }).trim();
  const modelRequestBody = {
    model: agent.model ?? health.model.replace(/^openai:/, ''),
    messages: [
      { role: 'system', content: systemPrompt },
      { role: 'user', content: executeMessage },
    ],
    temperature: agent.settings.temperature,
    max_tokens: agent.settings.max_tokens,
  };
  return { appId: app.id, modelRequestBody };
}

export function targetsOf(
  parley: StartedParley,
  model: { child: RunningChild; url: string } | null,
): BenchTargets {
  return {
    parleyUrl: parley.url,
    modelOrigin: model ? new URL(model.url).origin : '',
    adminKey: parley.adminKey,
    appId: parley.appId,
    modelRequestBody: parley.modelRequestBody,
    parleyPid: parley.child.pid,
    modelPid: model ? model.child.pid : 0,
  };
}

/**
 * Parley's main-thread profile: `CPU.<date>.<time>.<pid>.<thread>.<n>.cpuprofile`, thread 0 (with
 * `--import tsx` the module loader's worker thread writes a profile of its own, thread 1).
 */
export function mainThreadProfile(pid: number): string | null {
  try {
    const files = readdirSync(profileFolder)
      .filter((name) => name.endsWith('.cpuprofile') && name.includes(`.${pid}.0.`))
      .map((name) => path.join(profileFolder, name))
      .sort((left, right) => statSync(right).mtimeMs - statSync(left).mtimeMs);
    return files[0] ?? null;
  } catch {
    return null;
  }
}
