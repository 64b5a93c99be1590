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
    return {
      name: app.name,
      greeting: renderGreeting(app.greeting, request.metadata ?? {}),
      starter_prompts: app.starter_prompts,
      allow_conversations: true,
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
