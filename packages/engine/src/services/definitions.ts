import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import { keywords } from '../knowledge/excerpt.js';
import { put, remove, type Store, type WriteOperation } from '../store/store.js';
import type { AgentRecord, DefinitionRecord, JsonObject } from '../types.js';
import { toIso } from '../util/clock.js';
import { newId, randomToken } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';

export interface DefinitionInput {
  name: string;
  type: 'rule' | 'term';
  content: string;
  aliases?: string[];
  agent_ids?: string[];
}

/**
 * The settings record that changes with every definition written: a turn reads it (one small record)
 * and reads the definitions again only when it changed, not every definition on every turn. It is
 * written in the same batch as the definition, so a node on a shared store sees the change at once.
 */
export const definitionsRevisionSetting = 'definitions_revision';

function revised(definitionChange: WriteOperation): WriteOperation[] {
  return [
    definitionChange,
    put('settings', { id: definitionsRevisionSetting, value: { revision: randomToken(12) } }),
  ];
}

/** The definitions as last read, by store, with the revision they were read at. */
const readDefinitions = new WeakMap<Store, { revision: string | null; definitions: DefinitionRecord[] }>();

/** Every definition: from memory while the stored revision is the one they were read at. */
async function allDefinitions(store: Store): Promise<DefinitionRecord[]> {
  const setting = await store.get('settings', definitionsRevisionSetting);
  const revision = typeof setting?.value.revision === 'string' ? setting.value.revision : null;
  const known = readDefinitions.get(store);
  if (known && known.revision === revision) return known.definitions;
  const definitions = await store.all('definitions');
  readDefinitions.set(store, { revision, definitions });
  return definitions;
}

export function presentDefinition(definition: DefinitionRecord) {
  return { ...definition };
}

async function getDefinitionRecord(context: EngineContext, definitionId: string) {
  const definition = await context.store.get('definitions', definitionId);
  if (!definition) throw notFound('Definition', 'definition_id', definitionId);
  return definition;
}

async function checkAgents(context: EngineContext, agentIds: string[]): Promise<void> {
  for (const agentId of agentIds) {
    if (!(await context.store.get('agents', agentId))) throw notFound('Agent', 'agent_id', agentId);
  }
}

export async function createDefinition(context: EngineContext, input: DefinitionInput) {
  await checkAgents(context, input.agent_ids ?? []);
  const now = toIso(context.clock.now());
  const definition: DefinitionRecord = {
    id: newId('def'),
    name: input.name,
    type: input.type,
    content: input.content,
    aliases: input.aliases ?? [],
    agent_ids: input.agent_ids ?? [],
    created_at: now,
    updated_at: now,
  };
  await context.store.write(revised(put('definitions', definition)));
  return presentDefinition(definition);
}

export async function listDefinitions(context: EngineContext, parameters: ListParameters) {
  return toListResponse(
    await context.store.list('definitions', { ...parameters, order: 'desc' }),
    presentDefinition,
  );
}

export async function getDefinition(context: EngineContext, definitionId: string) {
  return presentDefinition(await getDefinitionRecord(context, definitionId));
}

export async function updateDefinition(
  context: EngineContext,
  definitionId: string,
  patch: Partial<DefinitionInput>,
) {
  const definition = await getDefinitionRecord(context, definitionId);
  if (patch.agent_ids) await checkAgents(context, patch.agent_ids);
  const updated: DefinitionRecord = {
    ...definition,
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.type !== undefined ? { type: patch.type } : {}),
    ...(patch.content !== undefined ? { content: patch.content } : {}),
    ...(patch.aliases !== undefined ? { aliases: patch.aliases } : {}),
    ...(patch.agent_ids !== undefined ? { agent_ids: patch.agent_ids } : {}),
    updated_at: toIso(context.clock.now()),
  };
  await context.store.write(revised(put('definitions', updated)));
  return presentDefinition(updated);
}

export async function deleteDefinition(context: EngineContext, definitionId: string) {
  await getDefinitionRecord(context, definitionId);
  await context.store.write(revised(remove('definitions', definitionId)));
  return { id: definitionId, deleted: true };
}

function mentions(text: string, phrase: string): boolean {
  const escaped = phrase
    .trim()
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/\s+/g, '\\s+');
  return (
    escaped.length > 0 &&
    new RegExp(`(?:^|[^\\p{L}\\p{N}])${escaped}(?:s|es)?(?:$|[^\\p{L}\\p{N}])`, 'iu').test(text)
  );
}

/** True when the question shares at least two meaningful words with the definition's name and content. */
function matchesByWords(question: Set<string>, definition: DefinitionRecord): boolean {
  let shared = 0;
  for (const word of keywords(`${definition.name} ${definition.content}`))
    if (question.has(word)) shared += 1;
  return shared >= 2;
}

/** The definitions of this agent that the question names (by name or alias) or is about (by shared words). */
export async function relevantDefinitions(
  context: EngineContext,
  agent: AgentRecord,
  question: string,
): Promise<DefinitionRecord[]> {
  const all = await allDefinitions(context.store);
  if (all.length === 0) return [];
  const asked = keywords(question);
  return all.filter(
    (definition) =>
      (definition.agent_ids.length === 0 || definition.agent_ids.includes(agent.id)) &&
      ([definition.name, ...definition.aliases].some((phrase) => mentions(question, phrase)) ||
        matchesByWords(asked, definition)),
  );
}

/** What the system message says about them. */
export function definitionsInstructions(definitions: DefinitionRecord[]): string {
  return `Definitions and rules to apply:\n${definitions
    .map((definition) => `- ${definition.name} (${definition.type}): ${definition.content}`)
    .join('\n')}`;
}

export function appliedDefinitions(definitions: DefinitionRecord[]): JsonObject[] {
  return definitions.map((definition) => ({
    id: definition.id,
    name: definition.name,
    type: definition.type,
  }));
}
