import type {
  Agent,
  AnalyticsCounters,
  App,
  Citation,
  DatastoreDocument,
  DeliveryAttempt,
  DeliveryStatus,
  JsonObject,
  KeyKind,
  KeyRateLimit,
  MessageFeedback,
  MessageRole,
  OperatorRole,
  Plan,
  WebhookEvent,
} from '@parley/contract';

/** The records Parley keeps. Stored records are immutable: change one by writing a new object. */

// The words records share with the wire contract are the contract's own.
export type { AgentSettings, DocumentStatus, JsonValue, Routing } from '@parley/contract';
export type {
  DeliveryAttempt,
  DeliveryStatus,
  JsonObject,
  KeyKind,
  MessageFeedback,
  MessageRole,
  Plan,
  WebhookEvent,
};
export type RateLimit = KeyRateLimit;

/**
 * An app is stored as the contract answers it, with its identity secret (kept as webhook signing secrets
 * are: it signs, so it is needed in clear) instead of whether it has one. Apps stored before identity
 * verification lack both identity fields: read as `off` and no secret.
 */
export interface AppRecord
  extends Omit<
    App,
    | 'identity_verification'
    | 'identity_secret_set'
    | 'opening_hours'
    | 'handoff_timeout_seconds'
    | 'slack_support_channel'
  > {
  identity_verification?: App['identity_verification'];
  /** Absent in apps stored before opening hours: always open, no handoff timeout. */
  opening_hours?: App['opening_hours'];
  handoff_timeout_seconds?: App['handoff_timeout_seconds'];
  /** Absent in apps stored before the setting: read as null. */
  slack_support_channel?: string | null;
  identity_secret?: string;
}

/** An agent as the contract answers it; its tools (`HttpTool`, headers in clear) kept as plain JSON. */
export interface AgentRecord
  extends Omit<Agent, 'tools' | 'greeting' | 'starter_prompts' | 'slack_support_channel'> {
  tools: JsonObject[];
  /** Absent in agents stored before agents had them: read as null and []. */
  greeting?: string | null;
  starter_prompts?: string[];
  /** Absent in agents stored before the setting: read as null. */
  slack_support_channel?: string | null;
}

export type SessionStatus = 'active' | 'ended';

/** A person answering a session: a console operator (`op_…`), or the secret key that named them. */
export interface SessionAssignee {
  id: string;
  name: string;
}

export interface SessionRecord {
  id: string;
  app_id: string;
  user_id: string | null;
  /** True when `user_id` is vouched for (a `user_hash` that verified, or a secret key); absent: not. */
  user_verified?: boolean;
  /**
   * Only in sessions stored before metadata moved to its own record (`SessionMetadataRecord`),
   * so a turn rewrites the session without it; the first turn of such a session moves it there.
   */
  metadata?: JsonObject;
  status: SessionStatus;
  message_count: number;
  last_agent_id: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
  /** While true a person answers and the model stays quiet. */
  escalated: boolean;
  escalated_at: string | null;
  escalation_reason: string | null;
  /** The person who took the session over in the inbox, until hand-back; absent or null: nobody. */
  assigned_to?: SessionAssignee | null;
  /** When the visitor was told no one is free (nobody took the escalation within the app's timeout). */
  handoff_timed_out_at?: string | null;
  /**
   * Who opened it: the key or share link id, or `channel:<platform>` for a chat connector's.
   * Publishable keys reach only the sessions they opened; absent (older sessions), only secret keys.
   */
  created_by?: string;
}

/**
 * A session's `sessionMeta.metadata` memory (request metadata merged in, turn after turn), kept
 * apart from the session so a turn that does not change it does not write it again.
 */
export interface SessionMetadataRecord {
  /** The session's id. */
  id: string;
  app_id: string;
  metadata: JsonObject;
  updated_at: string;
}

export interface ConversationRecord {
  id: string;
  agent_id: string;
  /** The credential (key or share link id) that opened it; others but secret keys may not continue or read it. */
  created_by?: string;
  message_count: number;
  created_at: string;
  updated_at: string;
  /** While true a person answers (the inbox) and the model stays quiet; absent: never asked for one. */
  escalated?: boolean;
  escalated_at?: string | null;
  escalation_reason?: string | null;
  /** The person who took it over in the inbox, until hand-back. */
  assigned_to?: SessionAssignee | null;
  /** The email the visitor left when no person would answer soon (the share page's away form). */
  contact_email?: string;
  /** When the visitor was told no one is free (nobody took the escalation within the team app's timeout). */
  handoff_timed_out_at?: string | null;
}

export type MessageStatus = 'complete' | 'incomplete';

export interface TokenUsage {
  input_tokens: number;
  output_tokens: number;
}

export interface MessageRecord {
  id: string;
  /** The session or conversation the message belongs to. */
  thread_id: string;
  role: MessageRole;
  content: string;
  created_at: string;
  agent_id: string | null;
  agent_name: string | null;
  trace_id: string | null;
  usage: TokenUsage | null;
  status: MessageStatus;
  /** Why an answer is incomplete: `client_disconnected`, `upstream_error`. */
  error: string | null;
  citations: Citation[];
  applied_definitions: JsonObject[];
  tools_used: string[];
  /** The app of a session's message (null in agent conversations), for analytics. */
  app_id: string | null;
  /** Who wrote a `human_agent` message. */
  author: string | null;
  /** Milliseconds from the user's message to the end of the answer. */
  latency_ms: number | null;
  feedback: MessageFeedback | null;
}

export interface KeyRecord {
  id: string;
  name: string;
  kind: KeyKind;
  plan: Plan;
  /** SHA-256 of the key, hex. The key itself is never stored. */
  hash: string;
  /** What may be shown again: the prefix and the last four characters. */
  masked: string;
  app_id: string | null;
  agent_id: string | null;
  allowed_origins: string[];
  rate_limit: RateLimit;
  created_at: string;
}

export interface ShareRecord {
  id: string;
  agent_id: string;
  hash: string;
  allow_conversations: boolean;
  expires_at: string | null;
  created_at: string;
}

/**
 * A chat platform's conversation (a Slack thread, a Teams chat) and the session that
 * answers it, with the address its connector writes back to.
 */
/**
 * A chat platform installed in a workspace (a Slack team) through its OAuth flow: which Parley app
 * answers there, and the platform's credentials, sealed by the connector (opaque to the engine,
 * never stored in clear).
 */
export interface ChannelInstallationRecord {
  /** `<platform>:<workspace_id>`, e.g. `slack:T0123`. */
  id: string;
  platform: string;
  workspace_id: string;
  workspace_name: string | null;
  /** The Parley app that answers there; null: the platform's default app. */
  app_id: string | null;
  /** The connector's credentials, encrypted by it (`v1.<iv>.<tag>.<ciphertext>`). */
  sealed_credentials: string;
  installed_at: string;
  updated_at: string;
}

export interface ChannelLinkRecord {
  id: string;
  channel: string;
  app_id: string;
  /** The platform's conversation, as the connector names it: one session per key. */
  conversation_key: string;
  session_id: string;
  /** Opaque to the engine: where the connector posts (Slack channel and thread, Teams reference). */
  address: JsonObject;
  /** The platform's ids of the last deliveries answered here: a redelivery after a restart is still known. */
  recent_delivery_ids?: string[];
  /**
   * The platform's ids of the messages showing the last answers, with the stored answer each shows:
   * feedback that names a platform message (Teams' feedback loop) finds its answer, after a restart too.
   */
  recent_answers?: { posted_id: string; message_id: string }[];
  created_at: string;
  updated_at: string;
}

/** Small named values the server keeps about itself (the demo's public key, say). */
/** A lease on some work (a job, a sweep): held by `holder` until `expires_at` (`store/lease.ts`). */
export interface LeaseRecord {
  id: string;
  holder: string;
  expires_at: string;
}

/**
 * A thread in a support channel (Slack) where the team answers an escalated session: what is
 * written in it reaches that session's visitor, and nothing else in the channel reaches anyone.
 */
export interface SupportThreadRecord {
  id: string;
  /** The session's app; '' for an agent's conversation (the share page). */
  app_id: string;
  /** The conversation's agent, when the thread answers a share-page conversation; absent: an app's session. */
  agent_id?: string;
  /** The session's id, or the conversation's. */
  session_id: string;
  /** The platform the thread is on: `slack`. */
  platform: string;
  /** The platform's thread, as the connector names it (Slack: `slack:<channel>:<thread ts>`). */
  thread_key: string;
  /** Opaque to the engine: where the connector posts in the thread. */
  address: JsonObject;
  /** The session's messages the opening showed: later ones of the visitor are posted in the thread. */
  shown_message_ids: string[];
  created_at: string;
}

export interface SettingRecord {
  id: string;
  value: JsonObject;
}

export interface WebhookRecord {
  id: string;
  app_id: string;
  url: string;
  events: WebhookEvent[];
  /** Kept in clear: it signs every delivery. Shown once, at creation and rotation. */
  secret: string;
  created_at: string;
  updated_at: string;
}

/** One event for one webhook: the outbox entry, written in the same step as the change behind it. */
export interface DeliveryRecord {
  /** The event id (`evt_…`), sent as `X-Parley-Event-Id`. */
  id: string;
  webhook_id: string;
  app_id: string;
  session_id: string | null;
  /** Deliveries with the same key go out one at a time, in order: `<webhook id>:<session id or event id>`. */
  order_key: string;
  event: WebhookEvent | 'webhook.test';
  /** The exact JSON body; the signature is over these bytes. */
  body: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  /** Epoch milliseconds of the next try. */
  next_attempt_at: number;
  created_at: string;
}

export interface DatastoreRecord {
  id: string;
  name: string;
  description: string;
  /** Visitors may open cited documents' original files; absent (stored before the setting): false. */
  public?: boolean;
  created_at: string;
  updated_at: string;
}

/** A document is stored as the contract answers it. */
export type DocumentRecord = DatastoreDocument;

/**
 * The uploaded file of a document, kept (its id is the document's) only when the document was uploaded to a
 * public datastore, so a visitor can open the original of a source.
 */
export interface DocumentFileRecord {
  id: string;
  datastore_id: string;
  /** The type the file was uploaded with; the served type is decided from its bytes (`servedTypeOf`). */
  content_type: string | null;
  /** The bytes, base64. */
  data: string;
}

export interface DefinitionRecord {
  id: string;
  name: string;
  type: 'rule' | 'term';
  content: string;
  /** Other words that name it. */
  aliases: string[];
  /** The agents it applies to; empty: every agent. */
  agent_ids: string[];
  created_at: string;
  updated_at: string;
}

/** What an app's traffic added up to in one hour, kept as turns are written (`analytics_buckets`). */
export interface AnalyticsBucketRecord extends AnalyticsCounters {
  /** `<app id>@<hour>`, the hour as `YYYY-MM-DDTHH`. */
  id: string;
  app_id: string;
  /** The hour's start, ISO 8601. */
  hour: string;
  /** Calls per tool name. */
  tool_use: Record<string, number>;
}

/**
 * The complete answers of an app's hour per latency, for one band of 100 ms
 * (`analytics_latencies`): exact milliseconds, so the percentiles are exact, in
 * small records, so an answer rewrites only its band.
 */
export interface AnalyticsLatencyRecord {
  /** `<bucket id>~<band start ms>`. */
  id: string;
  app_id: string;
  /** The hour's `analytics_buckets` id. */
  bucket_id: string;
  /** Answers per latency in milliseconds (the key). */
  latency_ms: Record<string, number>;
}

/**
 * A console operator. `email_key` is the email in lower case (unique); `password_hash` a scrypt
 * string with its parameters (`util/password.ts`), never the password. Sessions created before
 * `sessions_valid_after` are refused (sign out everywhere).
 */
export interface OperatorRecord {
  id: string;
  email: string;
  email_key: string;
  name: string;
  role: OperatorRole;
  password_hash: string;
  sessions_valid_after: string;
  created_at: string;
  updated_at: string;
}

/** A signed-in console session: only the SHA-256 of its cookie token is kept. */
export interface ConsoleSessionRecord {
  id: string;
  hash: string;
  operator_id: string;
  created_at: string;
  /** Slides forward with use, never past `absolute_expires_at`. */
  expires_at: string;
  absolute_expires_at: string;
}

/** An invitation to the console: single use, only the hash of its link's token is kept. */
export interface InviteRecord {
  id: string;
  hash: string;
  email: string;
  role: OperatorRole;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
}
