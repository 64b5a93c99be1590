import type { EngineContext } from '../context.js';
import { put } from '../store/store.js';
import type { JsonObject } from '../types.js';
import { randomToken } from '../util/ids.js';
import { hashSecret, maskSecret } from '../util/secrets.js';
import { createAgent } from './agents.js';
import { createApp } from './apps.js';
import { createKey } from './keys.js';

export interface BootstrapOptions {
  /** Use this as the admin key instead of a random one (`PARLEY_ADMIN_KEY`). */
  adminKey?: string;
  /** Web origins the demo page is served from, for the demo's publishable key. */
  demoOrigins: string[];
}

export interface BootstrapResult {
  /** The admin key, only on the start that created it. */
  createdAdminKey: string | null;
  /** `publishableKey` is null once an operator deleted the demo key or the demo app: the demo stays off. */
  demo: { appId: string; agentId: string; publishableKey: string | null };
  /** True on the start that created the demo (its knowledge is loaded then). */
  demoCreated: boolean;
  /** True when an older data folder's plaintext demo key was removed from its setting. */
  removedPlaintextKey: boolean;
}

/** What is kept about the demo: never its key's secret (only the key's hash is stored, as for every key). */
interface DemoSetting {
  app_id: string;
  agent_id: string;
  key_id: string;
}

async function createDemo(context: EngineContext, origins: string[]) {
  const agent = await createAgent(context, {
    name: 'Parley Demo',
    description: 'Answers visitors of the demo shop',
    system_prompt:
      'You are the assistant of the Acme demo shop. Be brief and friendly; answer from the help center and cite it. ' +
      "The visitor's name, if known: {{memory.sessionMeta.metadata.userProfile.name}}.",
  });
  const app = await createApp(context, {
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
  return mintDemoKey(context, { app_id: app.id, agent_id: agent.id, key_id: '' }, origins);
}

/**
 * The demo page's publishable key gets a new secret at each start, kept in memory only: the key
 * (its id, plan and origins, so whatever it opened stays its own) stays; its stored hash changes.
 * A demo key (or demo app) deleted through the API stays deleted: the demo is off from then on
 * (`secret: null`), so an operator can close the public demo for good.
 */
async function mintDemoKey(
  context: EngineContext,
  demo: DemoSetting,
  origins: string[],
): Promise<{ setting: DemoSetting; secret: string | null }> {
  const secret = `pk_${randomToken(40)}`;
  const key = demo.key_id ? await context.store.get('keys', demo.key_id) : undefined;
  if ((demo.key_id && !key) || !(await context.store.get('apps', demo.app_id))) {
    return { setting: demo, secret: null };
  }
  if (!key) {
    const created = await createKey(
      context,
      { name: 'Demo page', kind: 'publishable', plan: 'free', app_id: demo.app_id, allowed_origins: origins },
      secret,
    );
    return { setting: { ...demo, key_id: created.key.id }, secret };
  }
  // The demo key follows the server to whatever port it starts on.
  const allowed = [...new Set([...key.allowed_origins, ...origins])];
  await context.store.write([
    put('keys', { ...key, hash: hashSecret(secret), masked: maskSecret(secret), allowed_origins: allowed }),
  ]);
  return { setting: demo, secret };
}

/** Adds web origins to the demo key (the server's real port, once it listens). */
export async function addDemoOrigins(context: EngineContext, origins: string[]): Promise<void> {
  const stored = await context.store.get('settings', 'demo');
  const keyId = stored?.value.key_id;
  const key = typeof keyId === 'string' ? await context.store.get('keys', keyId) : undefined;
  if (!key || origins.every((origin) => key.allowed_origins.includes(origin))) return;
  const allowed = [...new Set([...key.allowed_origins, ...origins])];
  await context.store.write([put('keys', { ...key, allowed_origins: allowed })]);
}

/**
 * On the first start with an empty store: an admin secret key, a demo agent,
 * a demo app and the demo page's publishable key. Every start gives the demo
 * key a new secret (see `mintDemoKey`). A setting from before that kept the
 * secret in plain text loses it (`removedPlaintextKey`: the caller rewrites
 * the data files so no copy stays on disk).
 */
export async function bootstrap(context: EngineContext, options: BootstrapOptions): Promise<BootstrapResult> {
  let createdAdminKey: string | null = null;
  if ((await context.store.count('keys')) === 0) {
    const { secret } = await createKey(
      context,
      {
        name: 'Admin',
        kind: 'secret',
        plan: 'enterprise',
        rate_limit: { per_minute: 100_000, per_day: 10_000_000 },
      },
      options.adminKey,
    );
    createdAdminKey = secret;
  }
  const stored = await context.store.get('settings', 'demo');
  const minted = stored
    ? await mintDemoKey(context, await demoSettingOf(context, stored.value), options.demoOrigins)
    : await createDemo(context, options.demoOrigins);
  const removedPlaintextKey = stored !== undefined && 'publishable_key' in stored.value;
  const setting = minted.setting;
  if (JSON.stringify(stored?.value) !== JSON.stringify(setting)) {
    await context.store.write([put('settings', { id: 'demo', value: { ...setting } })]);
  }
  return {
    createdAdminKey,
    demo: { appId: setting.app_id, agentId: setting.agent_id, publishableKey: minted.secret },
    demoCreated: !stored,
    removedPlaintextKey,
  };
}

/** The stored demo setting, whatever older fields it carries (`publishable_key`, `origins`). */
async function demoSettingOf(context: EngineContext, value: JsonObject): Promise<DemoSetting> {
  // The oldest settings named the key only by its secret: find the key by that secret's hash.
  if (value.key_id === undefined && typeof value.publishable_key === 'string') {
    const key = await context.store.findOne('keys', { hash: hashSecret(value.publishable_key) });
    return { app_id: String(value.app_id), agent_id: String(value.agent_id), key_id: key?.id ?? '' };
  }
  return {
    app_id: String(value.app_id),
    agent_id: String(value.agent_id),
    key_id: String(value.key_id ?? ''),
  };
}
