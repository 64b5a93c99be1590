import {
  type Engine,
  type ListParameters,
  type ListResponse,
  ParleyError,
  type Principal,
  requireAppAccess,
} from '@parley/engine';

/** An agent or an app, as OpenAI clients see it: a model. */
export interface ModelTarget {
  kind: 'agent' | 'app';
  id: string;
  name: string;
  created_at: string;
}

const pageSize = 100;

async function everyPage<T>(list: (parameters: ListParameters) => Promise<ListResponse<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: ListResponse<T> = await list({ limit: pageSize, cursor });
    items.push(...page.data);
    cursor = page.has_more ? page.next_cursor : null;
  } while (cursor);
  return items;
}

function modelNotFound(modelId: string): ParleyError {
  return new ParleyError('not_found', `The model '${modelId}' does not exist or this key may not use it`, {
    field: 'model',
    model: modelId,
  });
}

/** A record gone (or never there) reads as null: a key's list leaves it out. */
async function orNull<T>(lookup: Promise<T>): Promise<T | null> {
  return lookup.catch((error: unknown) => {
    if (error instanceof ParleyError && error.code === 'not_found') return null;
    throw error;
  });
}

async function agentTarget(engine: Engine, agentId: string): Promise<ModelTarget | null> {
  const agent = await orNull(engine.agents.get(agentId));
  return agent && { kind: 'agent', id: agent.id, name: agent.name, created_at: agent.created_at };
}

async function appTarget(engine: Engine, appId: string): Promise<ModelTarget | null> {
  const app = await orNull(engine.apps.get(appId));
  return app && { kind: 'app', id: app.id, name: app.name, created_at: app.created_at };
}

/**
 * What a key may talk to: a secret key every agent and app; a publishable key its agent, or its app
 * and the app's agents; a share token its agent.
 */
export async function modelsFor(engine: Engine, principal: Principal): Promise<ModelTarget[]> {
  if (principal.kind === 'secret') {
    const agents = await everyPage((parameters) => engine.agents.list(parameters));
    const apps = await everyPage((parameters) => engine.apps.list(parameters));
    const target = (kind: ModelTarget['kind']) => (record: Omit<ModelTarget, 'kind'>) => ({
      kind,
      id: record.id,
      name: record.name,
      created_at: record.created_at,
    });
    return [...agents.map(target('agent')), ...apps.map(target('app'))];
  }
  if (principal.kind === 'publishable' && principal.appId) {
    const app = await orNull(engine.apps.get(principal.appId));
    if (!app) return [];
    const agents = await Promise.all(app.agents.map((agentId) => agentTarget(engine, agentId)));
    const targets = [await appTarget(engine, app.id), ...agents];
    return targets.filter((target) => target !== null);
  }
  const agent = principal.agentId ? await agentTarget(engine, principal.agentId) : null;
  return agent ? [agent] : [];
}

/** The agent or app a model id names, if this key may use it; otherwise 404, as OpenAI answers. */
export async function resolveModel(
  engine: Engine,
  principal: Principal,
  modelId: string,
): Promise<ModelTarget> {
  const refused = (error: unknown) => {
    if (error instanceof ParleyError && (error.code === 'not_found' || error.code === 'permission_error')) {
      throw modelNotFound(modelId);
    }
    throw error;
  };
  let target: ModelTarget | null = null;
  if (modelId.startsWith('agt_')) {
    await engine.agents.checkAccess(principal, modelId).catch(refused);
    target = await agentTarget(engine, modelId);
  } else if (modelId.startsWith('app_')) {
    try {
      requireAppAccess(principal, modelId);
    } catch (error) {
      refused(error);
    }
    target = await appTarget(engine, modelId);
  }
  if (!target) throw modelNotFound(modelId);
  return target;
}

/** OpenAI's model object, with the agent or app it stands for in `parley`. */
export function presentModel(target: ModelTarget) {
  return {
    id: target.id,
    object: 'model' as const,
    created: Math.floor(Date.parse(target.created_at) / 1000),
    owned_by: 'parley',
    parley: { kind: target.kind, name: target.name },
  };
}
