import { createHmac } from 'node:crypto';
import path from 'node:path';
import { adminKeyProblem, passwordRule } from '@parley/engine';

/** Everything the server reads from its environment, with the embedded defaults. */
/** Plain-text files (paragraphs between blank lines) that replace the built-in privacy and terms pages. */
export interface PolicyFiles {
  privacy: string | undefined;
  terms: string | undefined;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDirectory: string;
  /** `DATABASE_URL`: PostgreSQL instead of the embedded store in `dataDirectory`. */
  databaseUrl: string | undefined;
  /** `PARLEY_DATABASE_SCHEMA`: the schema of Parley's tables (`parley`; a test run uses its own). */
  databaseSchema: string;
  /** `PARLEY_DATABASE_POOL_SIZE`: connections to PostgreSQL per process (10). */
  databasePoolSize: number;
  adminKey: string | undefined;
  /** `PARLEY_ADMIN_EMAIL` + `PARLEY_ADMIN_PASSWORD`: the console's first owner, made at start when none exists. */
  firstOwner: { email: string; password: string } | undefined;
  openAiApiKey: string | undefined;
  openAiBaseUrl: string | undefined;
  defaultModel: string;
  /** With an OpenAI key or base URL: the embeddings model that makes retrieval hybrid; lexical only without it. */
  embeddingsModel: string | undefined;
  /** Pause between the offline model's tokens, so the demo visibly streams. */
  offlineTokenDelayMs: number;
  /** Flush each write to disk before answering. */
  fsync: boolean;
  /** `REDIS_URL`: locks, live turns, the bus, dedupe and every rate limit shared by the nodes; in-process without it. */
  redisUrl: string | undefined;
  /** Put before every Redis key and channel (one per deployment sharing a Redis). */
  redisKeyPrefix: string;
  /** Warn (log and `/readyz`) once the heap is this full: the embedded store holds every record in memory. */
  storeWarnHeapFraction: number;
  /** Largest JSON body accepted. */
  bodyLimitBytes: number;
  /** Per client IP, on top of the key's plan, for publishable keys and share tokens. */
  publicIpLimit: { per_minute: number; per_day: number };
  /** Failed authentications one client IP may make per minute before it gets 429s; 0 turns this off. */
  authFailuresPerMinute: number;
  /** Express `trust proxy`, for the client IP behind a reverse proxy. */
  trustProxy: string | false;
  /** The address people reach the server at, for share links; derived from host and port when absent. */
  publicUrl: string | undefined;
  /**
   * `PARLEY_SECRETS_KEY` (32 bytes, hex or base64), the same on every node: seals stored Slack tokens
   * and derives the demo key's secret, so every node serves one demo key.
   */
  secretsKey: Buffer | undefined;
  /** `PARLEY_DRAIN_TIMEOUT_MS`: on SIGTERM, how long answers in flight may take to finish (20 s). */
  drainTimeoutMs: number;
  /** `PARLEY_DRAIN_LINGER_MS`: on SIGTERM, how long the port answers 503 once nothing is in flight (1 s). */
  drainLingerMs: number;
  /** `PARLEY_PRIVACY_FILE`, `PARLEY_TERMS_FILE`: the operator's own texts for /privacy and /terms. */
  policyFiles: PolicyFiles;
  logLevel: string;
  /** Let webhooks (and HTTP tools) reach private and loopback addresses. Off by default. */
  allowPrivateUrls: boolean;
  /** First retry delay of a webhook delivery; it doubles up to the maximum. */
  webhookRetryBaseMs: number;
  webhookRetryMaxMs: number;
  /** Largest document upload. */
  uploadLimitBytes: number;
  /** How often expired sessions are looked for and ended. */
  sweepIntervalMs: number;
  /** Days a delivered webhook delivery is kept; 0 keeps them forever. */
  deliveryRetentionDays: number;
  /** Days ended sessions (and their messages) are kept; null: forever. */
  sessionRetentionDays: number | null;
  /** Days agent conversations are kept after their last message; null: forever. */
  conversationRetentionDays: number | null;
  /** Time allowed for one HTTP tool call, answer included. */
  toolTimeoutMs: number;
  /** What reading one uploaded document may cost; past a limit the document ends `failed` with the reason. */
  ingestion: IngestionLimits;
  slack: SlackSettings;
  teams: TeamsSettings;
}

/** Limits on reading one document (in a worker thread; see @parley/knowledge's ReadLimits). */
export interface IngestionLimits {
  /** Reading longer than this is abandoned. */
  timeoutMilliseconds: number;
  /** The reading worker's heap. */
  maxMemoryMegabytes: number;
  /** A Word document whose XML parts unzip to more is refused before it is inflated. */
  maxUnzippedBytes: number;
  /** HTML nested deeper is refused. */
  maxHtmlDepth: number;
  /** A document with more extracted text is refused. */
  maxTextCharacters: number;
  /** A PDF with more pages is refused. */
  maxPages: number;
}

/** The Slack connector: on with a bot token and a signing secret (HTTP) or an app token (Socket Mode). */
export interface SlackSettings {
  signingSecret: string | undefined;
  botToken: string | undefined;
  /** `xapp-…`: Socket Mode, for development without a public URL. */
  appToken: string | undefined;
  /** Slack's Web API base URL (tests point it at a local server). */
  apiUrl: string | undefined;
  /** The Parley app that answers in Slack; the demo app when absent. */
  parleyAppId: string | undefined;
  /** The least time between two updates of an answer being written. */
  updateIntervalMs: number;
  /** "Add to Slack" for many workspaces (OAuth), on when both are set; null otherwise. */
  oauth: SlackOAuthSettings | null;
}

/** The OAuth install of the Slack app (`SLACK_CLIENT_ID`, `SLACK_CLIENT_SECRET`), tokens sealed with `PARLEY_SECRETS_KEY`. */
export interface SlackOAuthSettings {
  clientId: string;
  clientSecret: string;
  /** Signs the OAuth `state`; derived from the secrets key when `SLACK_STATE_SECRET` is not set. */
  stateSecret: string;
  /** The 32-byte AES-256-GCM key the tokens are encrypted with at rest. */
  secretsKey: Buffer;
  /** Slack's authorize page (`SLACK_OAUTH_AUTHORIZE_URL`; derived from `SLACK_API_URL` when that is set). */
  authorizeUrl: string | undefined;
}

/**
 * The OAuth settings, when `SLACK_CLIENT_ID` is set. Refuses to start without both secrets and a
 * `PARLEY_SECRETS_KEY`: the workspaces' tokens are never stored in clear.
 */
function slackOAuth(environment: NodeJS.ProcessEnv): SlackOAuthSettings | null {
  const clientId = environment.SLACK_CLIENT_ID || undefined;
  if (!clientId) return null;
  const clientSecret = environment.SLACK_CLIENT_SECRET || undefined;
  if (!clientSecret)
    throw new Error("SLACK_CLIENT_ID is set: set SLACK_CLIENT_SECRET too (the app's Client Secret)");
  if (!environment.SLACK_SIGNING_SECRET)
    throw new Error(
      'SLACK_CLIENT_ID is set: set SLACK_SIGNING_SECRET too (events of many workspaces arrive over HTTP)',
    );
  const secretsKey = secretsKeyOf(environment.PARLEY_SECRETS_KEY);
  const apiUrl = environment.SLACK_API_URL || undefined;
  return {
    clientId,
    clientSecret,
    stateSecret:
      environment.SLACK_STATE_SECRET ||
      createHmac('sha256', secretsKey).update('parley slack oauth state').digest('base64url'),
    secretsKey,
    authorizeUrl:
      environment.SLACK_OAUTH_AUTHORIZE_URL ||
      (apiUrl ? new URL('../oauth/v2/authorize', apiUrl).toString() : undefined),
  };
}

/** `PARLEY_SECRETS_KEY`: 32 bytes, as 64 hex digits or base64. */
function secretsKeyOf(value: string | undefined): Buffer {
  const make =
    'make one with `openssl rand -base64 32`, and keep it: the stored Slack tokens cannot be read without it';
  if (!value)
    throw new Error(
      `Slack OAuth (SLACK_CLIENT_ID) needs PARLEY_SECRETS_KEY to encrypt the workspaces' tokens: ${make}`,
    );
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
  if (key.length !== 32)
    throw new Error(`PARLEY_SECRETS_KEY must be 32 bytes (64 hex digits or base64): ${make}`);
  return key;
}

/** The Teams connector: on with a Microsoft app id (authenticated), or `PARLEY_TEAMS_ENABLED=1` for local use. */
export interface TeamsSettings {
  enabled: boolean;
  appId: string | undefined;
  appPassword: string | undefined;
  tenantId: string | undefined;
  /** Where the Bot Framework publishes its signing keys (a sovereign cloud's); the public cloud's when absent. */
  openIdMetadataUrl: string | undefined;
  /** The Parley app that answers in Teams; the demo app when absent. */
  parleyAppId: string | undefined;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a whole number, got "${value}"`);
  return parsed;
}

/** `PARLEY_ADMIN_KEY`, refused (the server does not start) when it is too weak to guard everything. */
function adminKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const problem = adminKeyProblem(value);
  if (problem === null) return value;
  throw new Error(
    `PARLEY_ADMIN_KEY is too weak: ${problem}. Make one with: node -e "console.log('sk_' + require('node:crypto').randomBytes(32).toString('base64url'))"`,
  );
}

/** Both or neither; an unusable email or password stops the start with the reason. */
function firstOwner(
  email: string | undefined,
  password: string | undefined,
): { email: string; password: string } | undefined {
  if (!email && !password) return undefined;
  if (!email || !password)
    throw new Error('PARLEY_ADMIN_EMAIL and PARLEY_ADMIN_PASSWORD go together: set both, or neither');
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim()))
    throw new Error(`PARLEY_ADMIN_EMAIL must be an email address, got "${email}"`);
  if (password.length < passwordRule.minimumLength || password.length > passwordRule.maximumLength)
    throw new Error(
      `PARLEY_ADMIN_PASSWORD must have ${passwordRule.minimumLength} to ${passwordRule.maximumLength} characters`,
    );
  return { email: email.trim(), password };
}

function fraction(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0 || parsed > 1)
    throw new Error(`${name} must be a number above 0 and at most 1, got "${value}"`);
  return parsed;
}

function positive(value: string | undefined, fallback: number, name: string): number {
  const parsed = integer(value, fallback, name);
  if (parsed < 1) throw new Error(`${name} must be at least 1, got "${value}"`);
  return parsed;
}

export function readConfig(environment: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: environment.HOST || '127.0.0.1',
    port: integer(environment.PORT, 3000, 'PORT'),
    dataDirectory: path.resolve(environment.PARLEY_DATA_DIR || './data'),
    databaseUrl: environment.DATABASE_URL || undefined,
    databaseSchema: environment.PARLEY_DATABASE_SCHEMA || 'parley',
    databasePoolSize: positive(environment.PARLEY_DATABASE_POOL_SIZE, 10, 'PARLEY_DATABASE_POOL_SIZE'),
    adminKey: adminKey(environment.PARLEY_ADMIN_KEY),
    firstOwner: firstOwner(environment.PARLEY_ADMIN_EMAIL, environment.PARLEY_ADMIN_PASSWORD),
    openAiApiKey: environment.OPENAI_API_KEY || undefined,
    openAiBaseUrl: environment.OPENAI_BASE_URL || undefined,
    defaultModel: environment.PARLEY_MODEL || 'gpt-4o-mini',
    embeddingsModel: environment.PARLEY_EMBEDDINGS_MODEL || undefined,
    offlineTokenDelayMs: integer(
      environment.PARLEY_OFFLINE_TOKEN_DELAY_MS,
      25,
      'PARLEY_OFFLINE_TOKEN_DELAY_MS',
    ),
    fsync: environment.PARLEY_FSYNC === '1',
    redisUrl: environment.REDIS_URL || undefined,
    redisKeyPrefix: environment.PARLEY_REDIS_PREFIX || 'parley:',
    storeWarnHeapFraction: fraction(
      environment.PARLEY_STORE_WARN_HEAP_FRACTION,
      0.7,
      'PARLEY_STORE_WARN_HEAP_FRACTION',
    ),
    bodyLimitBytes: integer(environment.PARLEY_BODY_LIMIT_BYTES, 1024 * 1024, 'PARLEY_BODY_LIMIT_BYTES'),
    publicIpLimit: {
      per_minute: integer(environment.PARLEY_IP_LIMIT_PER_MINUTE, 30, 'PARLEY_IP_LIMIT_PER_MINUTE'),
      per_day: integer(environment.PARLEY_IP_LIMIT_PER_DAY, 1000, 'PARLEY_IP_LIMIT_PER_DAY'),
    },
    authFailuresPerMinute: integer(
      environment.PARLEY_AUTH_FAILURES_PER_MINUTE,
      20,
      'PARLEY_AUTH_FAILURES_PER_MINUTE',
    ),
    trustProxy: environment.PARLEY_TRUST_PROXY || false,
    publicUrl: environment.PARLEY_PUBLIC_URL || undefined,
    secretsKey: environment.PARLEY_SECRETS_KEY ? secretsKeyOf(environment.PARLEY_SECRETS_KEY) : undefined,
    drainTimeoutMs: integer(environment.PARLEY_DRAIN_TIMEOUT_MS, 20_000, 'PARLEY_DRAIN_TIMEOUT_MS'),
    drainLingerMs: integer(environment.PARLEY_DRAIN_LINGER_MS, 1_000, 'PARLEY_DRAIN_LINGER_MS'),
    policyFiles: {
      privacy: environment.PARLEY_PRIVACY_FILE || undefined,
      terms: environment.PARLEY_TERMS_FILE || undefined,
    },
    logLevel: environment.LOG_LEVEL || 'info',
    allowPrivateUrls: environment.PARLEY_ALLOW_PRIVATE_URLS === '1',
    webhookRetryBaseMs: integer(
      environment.PARLEY_WEBHOOK_RETRY_BASE_MS,
      1_000,
      'PARLEY_WEBHOOK_RETRY_BASE_MS',
    ),
    webhookRetryMaxMs: integer(
      environment.PARLEY_WEBHOOK_RETRY_MAX_MS,
      3_600_000,
      'PARLEY_WEBHOOK_RETRY_MAX_MS',
    ),
    uploadLimitBytes: integer(
      environment.PARLEY_UPLOAD_LIMIT_BYTES,
      20 * 1024 * 1024,
      'PARLEY_UPLOAD_LIMIT_BYTES',
    ),
    sweepIntervalMs: integer(environment.PARLEY_SWEEP_INTERVAL_MS, 10_000, 'PARLEY_SWEEP_INTERVAL_MS'),
    deliveryRetentionDays: integer(
      environment.PARLEY_DELIVERY_RETENTION_DAYS,
      30,
      'PARLEY_DELIVERY_RETENTION_DAYS',
    ),
    sessionRetentionDays:
      integer(environment.PARLEY_SESSION_RETENTION_DAYS, 0, 'PARLEY_SESSION_RETENTION_DAYS') || null,
    conversationRetentionDays:
      integer(environment.PARLEY_CONVERSATION_RETENTION_DAYS, 0, 'PARLEY_CONVERSATION_RETENTION_DAYS') ||
      null,
    toolTimeoutMs: integer(environment.PARLEY_TOOL_TIMEOUT_MS, 10_000, 'PARLEY_TOOL_TIMEOUT_MS'),
    ingestion: {
      timeoutMilliseconds: positive(
        environment.PARLEY_INGEST_TIMEOUT_MS,
        120_000,
        'PARLEY_INGEST_TIMEOUT_MS',
      ),
      maxMemoryMegabytes: positive(
        environment.PARLEY_INGEST_MAX_MEMORY_MB,
        512,
        'PARLEY_INGEST_MAX_MEMORY_MB',
      ),
      maxUnzippedBytes: positive(
        environment.PARLEY_INGEST_MAX_UNZIPPED_BYTES,
        16_000_000,
        'PARLEY_INGEST_MAX_UNZIPPED_BYTES',
      ),
      maxHtmlDepth: positive(environment.PARLEY_INGEST_MAX_HTML_DEPTH, 512, 'PARLEY_INGEST_MAX_HTML_DEPTH'),
      maxTextCharacters: positive(
        environment.PARLEY_INGEST_MAX_TEXT_CHARACTERS,
        10_000_000,
        'PARLEY_INGEST_MAX_TEXT_CHARACTERS',
      ),
      maxPages: positive(environment.PARLEY_INGEST_MAX_PDF_PAGES, 2_000, 'PARLEY_INGEST_MAX_PDF_PAGES'),
    },
    slack: {
      signingSecret: environment.SLACK_SIGNING_SECRET || undefined,
      botToken: environment.SLACK_BOT_TOKEN || undefined,
      appToken: environment.SLACK_APP_TOKEN || undefined,
      apiUrl: environment.SLACK_API_URL || undefined,
      parleyAppId: environment.PARLEY_SLACK_APP_ID || undefined,
      updateIntervalMs: integer(
        environment.PARLEY_SLACK_UPDATE_INTERVAL_MS,
        1_000,
        'PARLEY_SLACK_UPDATE_INTERVAL_MS',
      ),
      oauth: slackOAuth(environment),
    },
    teams: {
      enabled: Boolean(environment.MICROSOFT_APP_ID) || environment.PARLEY_TEAMS_ENABLED === '1',
      appId: environment.MICROSOFT_APP_ID || undefined,
      appPassword: environment.MICROSOFT_APP_PASSWORD || undefined,
      tenantId: environment.MICROSOFT_APP_TENANT_ID || undefined,
      openIdMetadataUrl: environment.MICROSOFT_BOT_OPENID_METADATA_URL || undefined,
      parleyAppId: environment.PARLEY_TEAMS_APP_ID || undefined,
    },
  };
}
