import type { EngineContext } from '../context.js';
import { put } from '../store/store.js';
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
  demo: { appId: string; agentId: string; publishableKey: string };
  /** True on the start that created the demo (its knowledge is loaded then). */
  demoCreated: boolean;
}

interface DemoSetting {
  app_id: string;
  agent_id: string;
  key_id: string;
  publishable_key: string;
  origins: string[];
}

async function createDemo(context: EngineContext, origins: string[]): Promise<DemoSetting> {
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
  const { key, secret } = await createKey(context, {
    name: 'Demo page',
    kind: 'publishable',
    plan: 'free',
    app_id: app.id,
    allowed_origins: origins,
  });
  return { app_id: app.id, agent_id: agent.id, key_id: key.id, publishable_key: secret, origins };
}

/** The demo key follows the server to whatever port it starts on. */
async function refreshDemoOrigins(
  context: EngineContext,
  demo: DemoSetting,
  origins: string[],
): Promise<DemoSetting> {
  const key = await context.store.get('keys', demo.key_id);
  if (!key || origins.every((origin) => key.allowed_origins.includes(origin))) return demo;
  const allowed = [...new Set([...key.allowed_origins, ...origins])];
  await context.store.write([put('keys', { ...key, allowed_origins: allowed })]);
  return { ...demo, origins: allowed };
}

/**
 * On the first start with an empty store: an admin secret key, a demo agent,
 * a demo app and the demo page's publishable key. Later starts change nothing
 * but the demo key's origins.
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
  let demo = stored
    ? (stored.value as unknown as DemoSetting)
    : await createDemo(context, options.demoOrigins);
  if (stored) demo = await refreshDemoOrigins(context, demo, options.demoOrigins);
  if (!stored || demo !== (stored.value as unknown)) {
    await context.store.write([put('settings', { id: 'demo', value: { ...demo } })]);
  }
  return {
    createdAdminKey,
    demo: { appId: demo.app_id, agentId: demo.agent_id, publishableKey: demo.publishable_key },
    demoCreated: !stored,
  };
}
