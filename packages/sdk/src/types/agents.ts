import type { AgentSettings, HttpToolMethod, JsonObject } from '@parley/contract';

export type {
  Agent,
  AgentSettings,
  AgentSummary,
  ChatResponse,
  ChatUsage,
  HttpTool,
  HttpToolMethod,
  ShareLink,
  SharesRevoked,
} from '@parley/contract';

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

export interface AgentCreateParams {
  /** 1–100 characters. */
  name: string;
  description?: string;
  /** At most 2,000 characters, shown first on the share page; null removes it. */
  greeting?: string | null;
  /** At most 6 suggested questions (1–200 characters each) on the share page. */
  starter_prompts?: string[];
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

export interface ShareParams {
  /** Hours until the link stops working; absent: never. */
  expiresIn?: number;
  /** false: each question is answered on its own and nothing is stored. Default true. */
  allowConversations?: boolean;
}
