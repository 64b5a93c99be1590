import { AgentConversationTarget } from './agent-conversation-target.js';
import { AppSessionTarget } from './app-session-target.js';
import type { ChatTarget } from './chat-target.js';

/** The target the element's attributes name: an agent (when set) or an app; null when neither is. */
export function createChatTarget(app: string, agent: string, userId = '', userHash = ''): ChatTarget | null {
  if (agent) return new AgentConversationTarget(agent);
  if (app)
    return new AppSessionTarget(
      app,
      userId ? { user_id: userId, ...(userHash ? { user_hash: userHash } : {}) } : {},
    );
  return null;
}
