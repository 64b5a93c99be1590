/**
 * The demo's records: its agent, its app, and the demo page's publishable key,
 * named by the `demo` setting. Made through the engine's services on the first
 * start; the key's secret is minted again at each start and never stored.
 */
import { createHmac } from 'node:crypto';
import {
  type Engine,
  hashSecret,
  type JsonObject,
  maskSecret,
  put,
  randomToken,
  type Store,
} from '@parley/engine';

/** What is kept about the demo: never its key's secret (only the key's hash is stored, as for every key). */
interface DemoSetting {
  app_id: string;
  agent_id: string;
  key_id: string;
}

export interface DemoRecords {
  appId: string;
  agentId: string;
  /** Null once an operator deleted the demo key or the demo app: the demo stays off. */
  publishableKey: string | null;
  /** True on the start that created the demo (its knowledge is loaded then). */
  created: boolean;
  /** True when an older data folder's plaintext demo key was removed from its setting. */
  removedPlaintextKey: boolean;
}

async function createDemo(engine: Engine, store: Store, origins: string[], secretsKey: Buffer | undefined) {
  const agent = await engine.agents.create({
    name: 'Parley Demo',
    description: 'Answers visitors of the demo shop',
    system_prompt:
      'You are the assistant of the Acme demo shop. Be brief and friendly; answer from the help center and cite it. ' +
      "The visitor's name, if known: {{memory.sessionMeta.metadata.userProfile.name}}.",
  });
  const app = await engine.apps.create({
    name: 'Demo app',
    agents: [agent.id],
    routing: 'auto',
    // Without a name the placeholder renders empty and the greeting still reads well ("Hi — I am …").
    greeting:
      'Hi {{memory.sessionMeta.metadata.userProfile.name}} — I am the Acme demo assistant. How can I help?',
    starter_prompts: [
      'How long do I have to return a laptop?',
      'How much does express delivery cost?',
      'Where is my order #12345?',
    ],
  });
  return mintDemoKey(engine, store, { app_id: app.id, agent_id: agent.id, key_id: '' }, origins, secretsKey);
}

/**
 * The demo page's publishable key gets a new secret at each start, kept in memory only: the key
 * (its id, plan and origins, so whatever it opened stays its own) stays; its stored hash changes.
 * With a secrets key (`PARLEY_SECRETS_KEY`, shared by the nodes) the secret is derived from it
 * instead, so every node on one database serves the same working key and a restart changes nothing.
 * A demo key (or demo app) deleted through the API stays deleted: the demo is off from then on
 * (`secret: null`), so an operator can close the public demo for good.
 */
async function mintDemoKey(
  engine: Engine,
  store: Store,
  demo: DemoSetting,
  origins: string[],
  secretsKey: Buffer | undefined,
): Promise<{ setting: DemoSetting; secret: string | null }> {
  let key = demo.key_id ? await store.get('keys', demo.key_id) : undefined;
  if ((demo.key_id && !key) || !(await store.get('apps', demo.app_id))) {
    return { setting: demo, secret: null };
  }
  if (!key) {
    const created = await engine.keys.create({
      name: 'Demo page',
      kind: 'publishable',
      plan: 'free',
      app_id: demo.app_id,
      allowed_origins: origins,
    });
    if (!secretsKey) return { setting: { ...demo, key_id: created.key.id }, secret: created.secret };
    demo = { ...demo, key_id: created.key.id };
    key = await store.get('keys', created.key.id);
    if (!key) return { setting: demo, secret: null };
  }
  const secret = secretsKey ? derivedDemoSecret(secretsKey, key.id) : `pk_${randomToken(40)}`;
  // The demo key follows the server to whatever port it starts on.
  const allowed = [...new Set([...key.allowed_origins, ...origins])];
  const unchanged = key.hash === hashSecret(secret) && allowed.length === key.allowed_origins.length;
  if (unchanged) return { setting: demo, secret };
  await store.write([
    put('keys', { ...key, hash: hashSecret(secret), masked: maskSecret(secret), allowed_origins: allowed }),
  ]);
  return { setting: demo, secret };
}

/** The demo key's secret every node holding `secretsKey` derives alike (a publishable key: 43 characters after `pk_`). */
function derivedDemoSecret(secretsKey: Buffer, keyId: string): string {
  return `pk_${createHmac('sha256', secretsKey).update(`parley demo key ${keyId}`).digest('base64url')}`;
}

/** The stored demo setting, whatever older fields it carries (`publishable_key`, `origins`). */
async function demoSettingOf(store: Store, value: JsonObject): Promise<DemoSetting> {
  // The oldest settings named the key only by its secret: find the key by that secret's hash.
  if (value.key_id === undefined && typeof value.publishable_key === 'string') {
    const key = await store.findOne('keys', { hash: hashSecret(value.publishable_key) });
    return { app_id: String(value.app_id), agent_id: String(value.agent_id), key_id: key?.id ?? '' };
  }
  return {
    app_id: String(value.app_id),
    agent_id: String(value.agent_id),
    key_id: String(value.key_id ?? ''),
  };
}

/**
 * On the first start: the demo agent, app and publishable key (allowed from `origins`). On every
 * start: a new secret for the demo key (see `mintDemoKey`). A setting from before that kept the
 * secret in plain text loses it (`removedPlaintextKey`: the caller rewrites the data files so no
 * copy stays on disk).
 */
export async function openDemoRecords(
  engine: Engine,
  store: Store,
  origins: string[],
  secretsKey?: Buffer,
): Promise<DemoRecords> {
  const stored = await store.get('settings', 'demo');
  const minted = stored
    ? await mintDemoKey(engine, store, await demoSettingOf(store, stored.value), origins, secretsKey)
    : await createDemo(engine, store, origins, secretsKey);
  const setting = minted.setting;
  if (JSON.stringify(stored?.value) !== JSON.stringify(setting)) {
    await store.write([put('settings', { id: 'demo', value: { ...setting } })]);
  }
  return {
    appId: setting.app_id,
    agentId: setting.agent_id,
    publishableKey: minted.secret,
    created: !stored,
    removedPlaintextKey: stored !== undefined && 'publishable_key' in stored.value,
  };
}

/** Adds web origins to the demo key (the server's real port, once it listens). */
export async function addDemoOrigins(store: Store, origins: string[]): Promise<void> {
  const stored = await store.get('settings', 'demo');
  const keyId = stored?.value.key_id;
  const key = typeof keyId === 'string' ? await store.get('keys', keyId) : undefined;
  if (!key || origins.every((origin) => key.allowed_origins.includes(origin))) return;
  const allowed = [...new Set([...key.allowed_origins, ...origins])];
  await store.write([put('keys', { ...key, allowed_origins: allowed })]);
}
