import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { presentAgent, presentAgentSummary } from '../present.js';
import { put, remove, removeWhere, type WriteOperation } from '../store/store.js';
import { keepMaskedHeaders } from '../tools/tool-headers.js';
import type { AgentRecord, AgentSettings, JsonObject } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { listAll } from './list-all.js';

export const defaultAgentSettings: AgentSettings = { temperature: 0.7, max_tokens: 1024, retrieval_count: 5 };

export interface AgentInput {
  name: string;
  description?: string;
  greeting?: string | null;
  starter_prompts?: string[];
  slack_support_channel?: string | null;
  system_prompt?: string;
  settings?: Partial<AgentSettings>;
  model?: string | null;
  /** HTTP tools (`{type: 'http', …}`), checked by the caller; header values read back masked are kept. */
  tools?: JsonObject[];
}

export async function getAgentRecord(context: EngineContext, agentId: string): Promise<AgentRecord> {
  const agent = await context.store.get('agents', agentId);
  if (!agent) throw notFound('Agent', 'agent_id', agentId);
  return agent;
}

export async function createAgent(context: EngineContext, input: AgentInput) {
  const now = toIso(context.clock.now());
  const agent: AgentRecord = {
    id: newId('agt'),
    name: input.name,
    description: input.description ?? '',
    greeting: input.greeting ?? null,
    starter_prompts: input.starter_prompts ?? [],
    slack_support_channel: input.slack_support_channel ?? null,
    system_prompt: input.system_prompt ?? '',
    datastores: [],
    settings: { ...defaultAgentSettings, ...input.settings },
    model: input.model ?? null,
    tools: keepMaskedHeaders(input.tools ?? [], []),
    created_at: now,
    updated_at: now,
  };
  await context.store.write([put('agents', agent)]);
  return presentAgent(agent);
}

export async function listAgents(context: EngineContext, parameters: ListParameters) {
  const page = await context.store.list('agents', { ...parameters, order: 'desc' });
  return toListResponse(page, presentAgentSummary);
}

export async function getAgent(context: EngineContext, agentId: string) {
  return presentAgent(await getAgentRecord(context, agentId));
}

/** Changes only the fields given; `settings` merge with what the agent has. */
export async function updateAgent(context: EngineContext, agentId: string, patch: Partial<AgentInput>) {
  const agent = await getAgentRecord(context, agentId);
  const updated: AgentRecord = {
    ...agent,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.greeting !== undefined ? { greeting: patch.greeting } : {}),
    ...(patch.starter_prompts !== undefined ? { starter_prompts: patch.starter_prompts } : {}),
    ...(patch.slack_support_channel !== undefined
      ? { slack_support_channel: patch.slack_support_channel }
      : {}),
    ...(patch.system_prompt !== undefined ? { system_prompt: patch.system_prompt } : {}),
    ...(patch.model !== undefined ? { model: patch.model } : {}),
    ...(patch.tools !== undefined ? { tools: keepMaskedHeaders(patch.tools, agent.tools) } : {}),
    settings: { ...agent.settings, ...patch.settings },
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('agents', updated)]);
  return presentAgent(updated);
}

/** Deletes the agent with its conversations (and their support threads) and share links, and takes it out of every app. */
export async function deleteAgent(context: EngineContext, agentId: string) {
  await getAgentRecord(context, agentId);
  const now = toIso(context.clock.now());
  const operations: WriteOperation[] = [];
  for (const conversation of await listAll(context, 'conversations', { agent_id: agentId })) {
    operations.push(
      removeWhere('messages', { thread_id: conversation.id }),
      removeWhere('support_threads', { session_id: conversation.id }),
      remove('conversations', conversation.id),
    );
  }
  for (const app of await listAll(context, 'apps')) {
    if (app.agents.includes(agentId)) {
      operations.push(
        put('apps', { ...app, agents: app.agents.filter((id) => id !== agentId), updated_at: now }),
      );
    }
  }
  operations.push(removeWhere('shares', { agent_id: agentId }), remove('agents', agentId));
  await context.store.write(operations);
  return { id: agentId, deleted: true };
}

export async function connectDatastore(context: EngineContext, agentId: string, datastoreId: string) {
  const agent = await getAgentRecord(context, agentId);
  if (!(await context.store.get('datastores', datastoreId)))
    throw notFound('Datastore', 'datastore_id', datastoreId);
  if (agent.datastores.includes(datastoreId)) return presentAgent(agent);
  const updated = {
    ...agent,
    datastores: [...agent.datastores, datastoreId],
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('agents', updated)]);
  return presentAgent(updated);
}

export async function disconnectDatastore(context: EngineContext, agentId: string, datastoreId: string) {
  const agent = await getAgentRecord(context, agentId);
  if (!agent.datastores.includes(datastoreId)) {
    throw notFound('Datastore connection', 'datastore_id', datastoreId);
  }
  const updated = {
    ...agent,
    datastores: agent.datastores.filter((id) => id !== datastoreId),
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write([put('agents', updated)]);
  return presentAgent(updated);
}
