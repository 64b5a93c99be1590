import type { AppliedDefinition, Citation } from './citations.js';
import type { JsonObject } from './common.js';

export interface AgentSettings {
  /** 0–2, default 0.7. */
  temperature: number;
  /** Default 1024. */
  max_tokens: number;
  /** Documents retrieved per question, default 5. */
  retrieval_count: number;
}

export type HttpToolMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** An HTTP tool the model may call; the server calls `url` with the model's arguments. */
export interface HttpToolInput {
  type: 'http';
  /** 1–64 letters, digits, `_` or `-`; unique per agent; not a built-in name. */
  name: string;
  /** 1–1000 characters: what the tool does. */
  description: string;
  /** JSON Schema of the arguments, `"type": "object"`. */
  parameters: JsonObject;
  /** http or https; `{name}` placeholders in the path are filled from the arguments. */
  url: string;
  /** Default POST; GET sends the arguments in the query string, the others as JSON. */
  method?: HttpToolMethod;
  /** At most 20, e.g. an API key. */
  headers?: Record<string, string>;
}

/** An HTTP tool as answers show it: header values masked (`…a1b2`). */
export type HttpTool = Required<HttpToolInput>;

export interface Agent {
  id: string;
  name: string;
  description: string;
  system_prompt: string;
  /** Connected datastore ids (`ds_…`). */
  datastores: string[];
  settings: AgentSettings;
  /** Model name; null uses the server's default. */
  model?: string | null;
  /** HTTP tools, header values masked. */
  tools?: HttpTool[];
  created_at: string;
  updated_at: string;
}

export interface AgentSummary {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface AgentCreateParams {
  /** 1–100 characters. */
  name: string;
  description?: string;
  system_prompt?: string;
  settings?: Partial<AgentSettings>;
  model?: string | null;
  /** Replaces the whole list; a masked header value sent back keeps the stored one. */
  tools?: HttpToolInput[];
}

/** Only the fields present are changed; `settings` is merged with the stored settings. */
export type AgentUpdateParams = Partial<AgentCreateParams>;

export interface ChatParams {
  message: string;
  /** Continue this conversation; absent or null starts a new one. */
  conversationId?: string | null;
}

export interface ChatUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ChatResponse {
  /** The assistant message (`msg_…`). */
  id: string;
  /** Null when a share link made with `allow_conversations: false` answered (nothing is stored). */
  conversation_id: string | null;
  content: string;
  citations: Citation[];
  applied_definitions: AppliedDefinition[];
  usage: ChatUsage;
  created_at: string;
}

export interface ShareParams {
  /** Hours until the link stops working; absent: never. */
  expiresIn?: number;
  /** false: each question is answered on its own and nothing is stored. Default true. */
  allowConversations?: boolean;
}

export interface ShareLink {
  share_url: string;
  token: string;
  expires_at: string | null;
}

export interface SharesRevoked {
  id: string;
  shares_revoked: boolean;
}
