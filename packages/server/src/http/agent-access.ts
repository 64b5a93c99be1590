import { type Engine, type Principal, requireAgentAccess } from '@parley/engine';

/** Who may talk to an agent (the chat route and the socket): a publishable key of the agent or of an app holding it, or its share token. */
export async function checkAgentAccess(engine: Engine, principal: Principal, agentId: string): Promise<void> {
  const appOfKey =
    principal.kind === 'publishable' && principal.appId
      ? await engine.context.store.get('apps', principal.appId)
      : null;
  requireAgentAccess(principal, agentId, appOfKey ?? null);
}
