import type { AppCreateBody } from '@parley/contract';
import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { presentApp } from '../present.js';
import { put, remove, removeWhere, type WriteOperation } from '../store/store.js';
import type { AppRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId, randomToken } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { listAll } from './list-all.js';

/** What `apps.create` takes: the contract's request body. */
export type AppInput = AppCreateBody;

export async function getAppRecord(context: EngineContext, appId: string): Promise<AppRecord> {
  const app = await context.store.get('apps', appId);
  if (!app) throw notFound('App', 'app_id', appId);
  return app;
}

async function checkAgentsExist(context: EngineContext, agentIds: string[]): Promise<void> {
  for (const agentId of agentIds) {
    if (!(await context.store.get('agents', agentId))) throw notFound('Agent', 'agent_id', agentId);
  }
}

export async function createApp(context: EngineContext, input: AppInput) {
  const agents = [...new Set(input.agents ?? [])];
  await checkAgentsExist(context, agents);
  const now = toIso(context.clock.now());
  const app: AppRecord = {
    id: newId('app'),
    name: input.name,
    agents,
    routing: input.routing ?? 'auto',
    session_ttl_seconds: input.session_ttl_seconds ?? 3600,
    greeting: input.greeting ?? null,
    starter_prompts: input.starter_prompts ?? [],
    identity_verification: input.identity_verification ?? 'off',
    opening_hours: input.opening_hours ?? null,
    handoff_timeout_seconds: input.handoff_timeout_seconds ?? null,
    slack_support_channel: input.slack_support_channel ?? null,
    created_at: now,
    updated_at: now,
  };
  await context.store.write([put('apps', app)]);
  return presentApp(app);
}

export async function listApps(context: EngineContext, parameters: ListParameters) {
  return toListResponse(await context.store.list('apps', { ...parameters, order: 'desc' }), presentApp);
}

export async function getApp(context: EngineContext, appId: string) {
  return presentApp(await getAppRecord(context, appId));
}

export async function updateApp(context: EngineContext, appId: string, patch: Partial<AppInput>) {
  const app = await getAppRecord(context, appId);
  const agents = patch.agents !== undefined ? [...new Set(patch.agents)] : app.agents;
  await checkAgentsExist(context, agents);
  const updated: AppRecord = {
    ...app,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.routing !== undefined ? { routing: patch.routing } : {}),
    ...(patch.session_ttl_seconds !== undefined ? { session_ttl_seconds: patch.session_ttl_seconds } : {}),
    ...(patch.greeting !== undefined ? { greeting: patch.greeting } : {}),
    ...(patch.starter_prompts !== undefined ? { starter_prompts: patch.starter_prompts } : {}),
    ...(patch.identity_verification !== undefined
      ? { identity_verification: patch.identity_verification }
      : {}),
    ...(patch.opening_hours !== undefined ? { opening_hours: patch.opening_hours } : {}),
    ...(patch.handoff_timeout_seconds !== undefined
      ? { handoff_timeout_seconds: patch.handoff_timeout_seconds }
      : {}),
    ...(patch.slack_support_channel !== undefined
      ? { slack_support_channel: patch.slack_support_channel }
      : {}),
    agents,
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('apps', updated)]);
  return presentApp(updated);
}

/**
 * A new identity secret, in force at once (hashes made with the previous one no longer verify);
 * answered this once, kept in clear like a webhook's signing secret (it signs).
 */
export async function rotateIdentitySecret(context: EngineContext, appId: string) {
  const app = await getAppRecord(context, appId);
  const updated: AppRecord = {
    ...app,
    identity_secret: `idsec_${randomToken(32)}`,
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('apps', updated)]);
  return { ...presentApp(updated), identity_secret: updated.identity_secret as string };
}

/** Deletes the app with its sessions, their metadata and messages, and its analytics. */
export async function deleteApp(context: EngineContext, appId: string) {
  await getAppRecord(context, appId);
  const operations: WriteOperation[] = [];
  for (const session of await listAll(context, 'sessions', { app_id: appId })) {
    operations.push(removeWhere('messages', { thread_id: session.id }));
  }
  operations.push(
    removeWhere('session_metadata', { app_id: appId }),
    removeWhere('sessions', { app_id: appId }),
    removeWhere('analytics_buckets', { app_id: appId }),
    removeWhere('analytics_latencies', { app_id: appId }),
    removeWhere('support_threads', { app_id: appId }),
    remove('apps', appId),
  );
  // A workspace it answered in goes back to the platform's default app.
  for (const installation of await context.store.all('channel_installations')) {
    if (installation.app_id === appId)
      operations.push(
        put('channel_installations', {
          ...installation,
          app_id: null,
          updated_at: toIso(context.clock.now()),
        }),
      );
  }
  await context.store.write(operations);
  return { id: appId, deleted: true };
}
