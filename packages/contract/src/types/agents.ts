import type { HttpToolMethod } from '../http-tools.js';
import type { AppliedDefinition, Citation } from './citations.js';

export interface AgentSettings {
  /** 0–2, default 0.7. */
  temperature: number;
  /** Default 1024. */
  max_tokens: number;
  /** Documents retrieved per question, default 5. */
  retrieval_count: number;
}

/** An HTTP tool as answers show it: header values masked (`…a1b2`). */
export interface HttpTool {
  type: 'http';
  name: string;
  description: string;
  /** JSON Schema of the arguments, `"type": "object"`. */
  parameters: Record<string, unknown>;
  /** `{name}` placeholders in the path are filled from the arguments. */
  url: string;
  method: HttpToolMethod;
  /** Sent with every call; may hold API keys, so answers show the values masked. */
  headers: Record<string, string>;
}

/** What testing an HTTP tool gave (`POST /v1/agents/:id/tools/test`): what the model would read. */
export interface ToolTestResult {
  /** The tool answered 2xx. */
  ok: boolean;
  /** Its HTTP status; null when it did not answer. */
  status: number | null;
  /** Its answer's body, cut to what the model reads. */
  body: string;
  /** Why it failed; null when ok. */
  error: string | null;
}

export interface Agent {
  id: string;
  name: string;
  description: string;
  /** Shown first on the share page (≤ 2,000 characters); null: none. */
  greeting: string | null;
  /** At most 6 suggested questions (≤ 200 characters each) on the share page. */
  starter_prompts: string[];
  /** A Slack channel's id where each escalation of a share-page conversation opens a thread; null: off. */
  slack_support_channel: string | null;
  system_prompt: string;
  /** Connected datastore ids (`ds_…`). */
  datastores: string[];
  settings: AgentSettings;
  /** Model name; null uses the server's default (`PARLEY_MODEL`). */
  model: string | null;
  /** HTTP tools, header values masked. */
  tools: HttpTool[];
  created_at: string;
  updated_at: string;
}

export interface AgentSummary {
  id: string;
  name: string;
  description: string;
  created_at: string;
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

export interface ShareLink {
  share_url: string;
  token: string;
  expires_at: string | null;
}

export interface SharesRevoked {
  id: string;
  shares_revoked: true;
}
