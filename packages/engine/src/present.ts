import type {
  AgentSummary,
  ApiKey,
  App,
  Conversation,
  ConversationMessage,
  ConversationSummary,
  Session,
  SessionMessage,
} from '@parley/contract';
import { presentTools } from './tools/tool-headers.js';
import type {
  AgentRecord,
  AppRecord,
  ConversationRecord,
  KeyRecord,
  MessageRecord,
  SessionRecord,
} from './types.js';

/** The wire shapes of the contract, made from stored records: each answers with the contract's own type. */

export function presentApp(app: AppRecord): App {
  return {
    id: app.id,
    name: app.name,
    agents: app.agents,
    routing: app.routing,
    session_ttl_seconds: app.session_ttl_seconds,
    greeting: app.greeting,
    starter_prompts: app.starter_prompts,
    identity_verification: app.identity_verification ?? 'off',
    identity_secret_set: app.identity_secret !== undefined,
    opening_hours: app.opening_hours ?? null,
    handoff_timeout_seconds: app.handoff_timeout_seconds ?? null,
    slack_support_channel: app.slack_support_channel ?? null,
    created_at: app.created_at,
    updated_at: app.updated_at,
  };
}

/** Not typed `Agent`: stored tools are kept as plain JSON objects (`AgentRecord.tools`), read as `HttpTool` on the wire. */
export function presentAgent(agent: AgentRecord) {
  return {
    id: agent.id,
    name: agent.name,
    description: agent.description,
    greeting: agent.greeting ?? null,
    starter_prompts: agent.starter_prompts ?? [],
    slack_support_channel: agent.slack_support_channel ?? null,
    system_prompt: agent.system_prompt,
    datastores: agent.datastores,
    settings: agent.settings,
    model: agent.model,
    tools: presentTools(agent.tools),
    created_at: agent.created_at,
    updated_at: agent.updated_at,
  };
}

export function presentAgentSummary(agent: AgentRecord): AgentSummary {
  return { id: agent.id, name: agent.name, description: agent.description, created_at: agent.created_at };
}

export function presentKey(key: KeyRecord): ApiKey {
  return {
    id: key.id,
    name: key.name,
    kind: key.kind,
    plan: key.plan,
    masked: key.masked,
    app_id: key.app_id,
    agent_id: key.agent_id,
    allowed_origins: key.allowed_origins,
    rate_limit: key.rate_limit,
    created_at: key.created_at,
  };
}

export function presentSession(session: SessionRecord): Session {
  return { session_id: session.id, created_at: session.created_at, expires_at: session.expires_at };
}

export function presentHistoryMessage(message: MessageRecord): SessionMessage {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    timestamp: message.created_at,
    ...(message.agent_name !== null ? { agent: message.agent_name } : {}),
    ...(message.author !== null ? { author: message.author } : {}),
    ...(message.status === 'incomplete' ? { status: message.status, error: message.error } : {}),
    ...(message.feedback !== null ? { feedback: message.feedback } : {}),
    ...(message.role === 'assistant' && message.citations.length > 0 ? { citations: message.citations } : {}),
  };
}

export function presentConversationSummary(conversation: ConversationRecord): ConversationSummary {
  return {
    id: conversation.id,
    agent_id: conversation.agent_id,
    message_count: conversation.message_count,
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
  };
}

export function presentConversationMessage(message: MessageRecord): ConversationMessage {
  return {
    id: message.id,
    role: message.role,
    content: message.content,
    ...(message.role === 'assistant' ? { citations: message.citations } : {}),
    ...(message.status === 'incomplete' ? { status: message.status, error: message.error } : {}),
    ...(message.feedback !== null ? { feedback: message.feedback } : {}),
    // A person's answer (the inbox, when the conversation was handed over) says who wrote it.
    ...(message.role === 'human_agent' ? { author: message.author } : {}),
    created_at: message.created_at,
  };
}

export function presentConversation(
  conversation: ConversationRecord,
  messages: MessageRecord[],
): Conversation {
  return {
    id: conversation.id,
    agent_id: conversation.agent_id,
    messages: messages.map(presentConversationMessage),
    created_at: conversation.created_at,
    updated_at: conversation.updated_at,
  };
}
