/**
 * The demo, whole, in this folder: a sample shop website at `/demo/` (`site/`,
 * `demo-page.ts`) with the chat widget, its order API (`orders.ts`), the demo
 * agent, app and publishable key (`demo-records.ts`), the agent's help center
 * (`knowledge/`, `demo-knowledge.ts`) and its `get_order_status` tool
 * (`order-tool.ts`). The server calls `prepareDemo` before it listens and
 * `openDemo` once it knows its address; the engine knows nothing of the demo.
 */
import path from 'node:path';
import type { Engine, Store } from '@parley/engine';
import type { Logger } from '../logger.js';
import { loadDemoKnowledge } from './demo-knowledge.js';
import type { DemoSettings } from './demo-page.js';
import { addDemoOrigins, openDemoRecords } from './demo-records.js';
import { ensureDemoOrderTool } from './order-tool.js';

export { type DemoSettings, demoRouter } from './demo-page.js';
export { demoOrder } from './orders.js';

const siteDirectory = path.join(import.meta.dirname, 'site');
const knowledgeDirectory = path.join(import.meta.dirname, 'knowledge');

export interface Demo {
  appId: string;
  agentId: string;
  /** Null when an operator deleted the demo key or app: no demo page then. */
  publishableKey: string | null;
}

/** The web origins the demo page is served from, for the demo key: both loopback names on a local host. */
export function demoOrigins(host: string, port: number): string[] {
  const hosts =
    host === '127.0.0.1' || host === 'localhost' || host === '0.0.0.0' ? ['127.0.0.1', 'localhost'] : [host];
  return hosts.map((name) => `http://${name}:${port}`);
}

/**
 * Before the server listens: the demo's records (made on the first start, with its help center),
 * and a new secret for its key for this run.
 */
export async function prepareDemo(
  engine: Engine,
  opened: { store: Store; compact(): Promise<void> },
  logger: Logger,
  origins: string[],
  secretsKey?: Buffer,
): Promise<Demo> {
  const records = await openDemoRecords(engine, opened.store, origins, secretsKey);
  // An older data folder kept the demo key's secret in plain text: rewrite the files without it.
  if (records.removedPlaintextKey) await opened.compact();
  if (records.publishableKey === null)
    logger.info('the demo page is off: its key or app was deleted through the API');
  if (records.created) await loadDemoKnowledge(engine, knowledgeDirectory, records.agentId);
  return { appId: records.appId, agentId: records.agentId, publishableKey: records.publishableKey };
}

/** What the HTTP app needs to serve the demo page; undefined when the demo is off. */
export function demoPageSettings(demo: Demo): DemoSettings | undefined {
  return demo.publishableKey === null
    ? undefined
    : { directory: siteDirectory, appId: demo.appId, publishableKey: demo.publishableKey };
}

/**
 * The one origin exception of the demo: HTTP tools may not reach private addresses, but the demo
 * agent's order tool calls this server's own order API, so this server's origin is trusted.
 */
export function trustDemoShop(trustedOrigins: Set<string>, serverUrl: string): void {
  trustedOrigins.add(new URL(serverUrl).origin);
}

/**
 * Once the server listens at `serverUrl`: the order tool points at it, and on a port chosen by the
 * system (`port` 0) the demo key is allowed from the real one.
 */
export async function openDemo(
  engine: Engine,
  store: Store,
  demo: Demo,
  serverUrl: string,
  listen: { host: string; port: number },
): Promise<void> {
  if (demo.publishableKey !== null) await ensureDemoOrderTool(engine, demo.agentId, serverUrl);
  if (listen.port === 0)
    await addDemoOrigins(store, demoOrigins(listen.host, Number(new URL(serverUrl).port)));
}
