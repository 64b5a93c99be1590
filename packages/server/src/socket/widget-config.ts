import type { WidgetConfig } from '@parley/contract';
import {
  type Engine,
  type JsonObject,
  type Principal,
  renderTemplate,
  requireAppAccess,
  sessionTemplateContext,
} from '@parley/engine';
import type { ConfigPayload } from './payloads.js';

/** The greeting as a session's prompts would read it: `{{memory.sessionMeta.metadata.…}}`, before it exists. */
function renderGreeting(greeting: string | null, metadata: JsonObject): string | null {
  if (!greeting) return null;
  const text = renderTemplate(greeting, sessionTemplateContext({ metadata, user_id: null, id: null }));
  return text.trim() === '' ? null : text;
}

/** What a chat window shows before the first message: an app's, or an agent's (the share page). */
export async function widgetConfig(
  engine: Engine,
  principal: Principal,
  request: ConfigPayload,
): Promise<WidgetConfig> {
  if (request.app_id !== undefined) {
    requireAppAccess(principal, request.app_id);
    const app = await engine.apps.get(request.app_id);
    const { metadata, user_id, user_hash } = request;
    const visitor = await engine.sessions.visitor(app.id, { metadata, user_id, user_hash }, principal);
    return {
      name: app.name,
      greeting: renderGreeting(app.greeting, visitor.metadata),
      starter_prompts: app.starter_prompts,
      allow_conversations: true,
      ...(visitor.session_id ? { session_id: visitor.session_id } : {}),
    };
  }
  const agentId = request.agent_id ?? '';
  await engine.agents.checkAccess(principal, agentId);
  const agent = await engine.agents.get(agentId);
  return {
    name: agent.name,
    greeting: renderGreeting(agent.greeting, request.metadata ?? {}),
    starter_prompts: agent.starter_prompts,
    allow_conversations: principal.kind === 'share' ? principal.allowConversations : true,
  };
}
