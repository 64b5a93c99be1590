/**
 * Slack's side of the Events API and interactivity, as Slack sends them: signed
 * requests (`X-Slack-Signature: v0=<hex HMAC-SHA256 of "v0:<timestamp>:<body>">`,
 * `X-Slack-Request-Timestamp`), `event_callback` envelopes, `url_verification`,
 * and `block_actions` payloads sent form-encoded as `payload=<json>`.
 */
import crypto from 'node:crypto';

export interface SignedRequestOptions {
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Replaces the computed signature (a forged or broken one). */
  signature?: string;
  /** `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`, as Slack sends a retry. */
  retryNum?: number;
  retryReason?: string;
}

export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  const digest = crypto.createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex');
  return `v0=${digest}`;
}

export interface SlackPostResult {
  status: number;
  body: string;
  /** From sending the request to the end of the response (ms). */
  elapsedMs: number;
}

/** POSTs a body to Parley's Slack endpoint the way Slack does, signed with the secret. */
export async function postToSlackEndpoint(
  url: string,
  signingSecret: string,
  body: string,
  contentType: 'application/json' | 'application/x-www-form-urlencoded',
  options: SignedRequestOptions = {},
): Promise<SlackPostResult> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': options.signature ?? slackSignature(signingSecret, timestamp, body),
  };
  if (options.retryNum !== undefined) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = options.retryReason ?? 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: performance.now() - started };
}

export function formBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export interface MessageEventInput {
  type?: 'message' | 'app_mention';
  channel: string;
  channelType?: 'im' | 'channel' | 'group' | 'mpim';
  user?: string;
  text: string;
  ts: string;
  threadTs?: string;
  subtype?: string;
  botId?: string;
  /** Extra event fields (e.g. `message` and `previous_message` of an edit). */
  extra?: Record<string, unknown>;
}

/** An event the way the Events API documents it (`message.im`, `message.channels`, `app_mention`). */
export function messageEvent(input: MessageEventInput, teamId: string): Record<string, unknown> {
  const type = input.type ?? 'message';
  return {
    type,
    ...(input.subtype ? { subtype: input.subtype } : {}),
    ...(input.user ? { user: input.user } : {}),
    ...(input.botId ? { bot_id: input.botId } : {}),
    text: input.text,
    ts: input.ts,
    ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    channel: input.channel,
    event_ts: input.ts,
    ...(type === 'message' && input.channelType ? { channel_type: input.channelType } : {}),
    team: teamId,
    ...(input.user ? { client_msg_id: crypto.randomUUID() } : {}),
    blocks: [
      {
        type: 'rich_text',
        block_id: crypto.randomBytes(3).toString('hex'),
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.text }] }],
      },
    ],
    ...input.extra,
  };
}

/** The `event_callback` envelope around an event. */
export function eventCallback(
  event: Record<string, unknown>,
  options: { teamId: string; botUserId: string; eventId?: string; appId?: string },
): Record<string, unknown> {
  return {
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    team_id: options.teamId,
    context_team_id: options.teamId,
    context_enterprise_id: null,
    api_app_id: options.appId ?? 'A0PARLEYAPP',
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${crypto.randomBytes(6).toString('hex').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      {
        enterprise_id: null,
        team_id: options.teamId,
        user_id: options.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ e: event.type, t: options.teamId })).toString('base64url')}`,
  };
}

export interface BlockActionsInput {
  teamId: string;
  user: string;
  channel: string;
  /** The message the button is on, as Slack stores it. */
  message: {
    ts: string;
    thread_ts?: string | null;
    text: string;
    blocks: unknown[];
    user: string;
    bot_id: string;
  };
  /** The element pressed: `type` is `button` unless said (Slack's `feedback_buttons`). */
  action: { action_id: string; block_id: string; value: string; text: string; type?: string };
  appId?: string;
}

/** What Slack sends when a button in a message is pressed (`block_actions`). */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const threadTs = input.message.thread_ts ?? undefined;
  return {
    type: 'block_actions',
    user: {
      id: input.user,
      username: input.user.toLowerCase(),
      name: input.user.toLowerCase(),
      team_id: input.teamId,
    },
    api_app_id: input.appId ?? 'A0PARLEYAPP',
    token: 'Jhj5dZrVaK7ZwHHjRyZWjbDl',
    container: {
      type: 'message',
      message_ts: input.message.ts,
      channel_id: input.channel,
      is_ephemeral: false,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
    trigger_id: `${Date.now()}.${crypto.randomInt(1e9)}.${crypto.randomBytes(16).toString('hex')}`,
    team: { id: input.teamId, domain: 'parley-test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel, name: input.channel.startsWith('D') ? 'directmessage' : 'support' },
    message: {
      type: 'message',
      user: input.message.user,
      bot_id: input.message.bot_id,
      text: input.message.text,
      blocks: input.message.blocks,
      ts: input.message.ts,
      ...(threadTs ? { thread_ts: threadTs } : {}),
    },
    state: { values: {} },
    response_url: 'https://hooks.slack.com/actions/T0PARLEY1/1/abc',
    actions: [
      {
        action_id: input.action.action_id,
        block_id: input.action.block_id,
        text: { type: 'plain_text', text: input.action.text, emoji: true },
        value: input.action.value,
        type: input.action.type ?? 'button',
        action_ts: `${Math.floor(Date.now() / 1000)}.${String(crypto.randomInt(1e6)).padStart(6, '0')}`,
      },
    ],
  };
}
