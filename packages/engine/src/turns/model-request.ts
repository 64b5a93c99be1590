import type { ChatMessage, ModelRequest, ModelTool } from '../model/chat-model.js';
import type { AgentRecord } from '../types.js';
import { escalateToolName } from './model-turn.js';

/** Offered to the model in threads that can hand over to a person. */
export const escalateTool: ModelTool = {
  name: escalateToolName,
  description:
    'Hand the conversation to a person from the team, when the user asks for one or you cannot help them.',
  parameters: {
    type: 'object',
    properties: { reason: { type: 'string', description: 'Why a person is needed' } },
    additionalProperties: false,
  },
};

/** The first model request of a turn: the agent's settings, the conversation so far, and its tools (the sources are in the system message). */
export function buildModelRequest(
  agent: AgentRecord,
  messages: ChatMessage[],
  tools: ModelTool[],
): ModelRequest {
  return {
    model: agent.model,
    messages,
    temperature: agent.settings.temperature,
    maxTokens: agent.settings.max_tokens,
    ...(tools.length > 0 ? { tools } : {}),
  };
}
