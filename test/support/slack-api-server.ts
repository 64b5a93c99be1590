/**
 * A fake of Slack's Web API: speaks its wire protocol (`POST /api/<method>`, form or
 * JSON bodies, `Authorization: Bearer xoxb-…`, answers `{ok: true, …}` or
 * `{ok: false, error}` with HTTP 200, and 429 with `Retry-After` when rate limited),
 * keeps the messages posted, updated and deleted, and records every call.
 * It checks what Slack documents and refuses (blocks over their limits, a bad token),
 * so a message that would fail on Slack fails here too.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SlackApiCall {
  method: string;
  /** The token the call carried (header or form field). */
  token: string | null;
  /** The parsed body; `blocks` and other JSON fields sent as form strings are parsed. */
  body: Record<string, unknown>;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** What was answered: `ok` and `error`, or the HTTP status when not 200. */
  outcome: { ok: boolean; error?: string; status: number };
}

export interface SlackMessageVersion {
  text: string;
  blocks: SlackBlock[];
  at: number;
}

export interface SlackStoredMessage {
  /** The workspace of the token it was posted with. */
  team_id: string;
  channel: string;
  ts: string;
  thread_ts: string | null;
  user: string;
  bot_id: string;
  /** Every version: the posted one first, then each `chat.update`. */
  versions: SlackMessageVersion[];
  deleted: boolean;
  /** A streamed message (`chat.startStream`): its chunks in order, and whether it was stopped. */
  stream?: { chunks: SlackChunk[]; stopped: boolean; blocks: SlackBlock[] };
}

export type SlackChunk = Record<string, unknown> & { type: string };

/** A call of `assistant.threads.*`: which thread, and what was set. */
export interface SlackAssistantThreadCall {
  method: string;
  channel_id: string;
  thread_ts: string;
  body: Record<string, unknown>;
}

export type SlackBlock = Record<string, unknown> & { type: string; block_id?: string };

export interface SlackUserRecord {
  id: string;
  name: string;
  real_name: string;
  display_name?: string;
  tz?: string;
  is_bot?: boolean;
}

export interface SlackApiServerOptions {
  /** The bot token the server accepts (others answer `invalid_auth`). */
  botToken: string;
  /** The app-level token accepted by `apps.connections.open`. */
  appToken?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  users?: SlackUserRecord[];
  /** More workspaces, each with its bot: their tokens are handed out by the OAuth flow. */
  workspaces?: SlackWorkspaceRecord[];
  /** The Slack app's OAuth credentials, for `/oauth/v2/authorize` and `oauth.v2.access`. */
  oauth?: { clientId: string; clientSecret: string };
}

export interface SlackWorkspaceRecord {
  teamId: string;
  teamName: string;
  botToken: string;
  botUserId: string;
  botId: string;
}

export interface SlackApiServer {
  /** Base URL for `SLACK_API_URL`, ending in `/api/`. */
  url: string;
  teamId: string;
  botUserId: string;
  botId: string;
  calls: SlackApiCall[];
  callsTo(method: string): SlackApiCall[];
  /** Messages in a channel (top level and threads), oldest first; `thread` keeps one thread's replies. */
  messages(channel: string, options?: { thread?: string; includeDeleted?: boolean }): SlackStoredMessage[];
  addUser(user: SlackUserRecord): void;
  /** The next `count` calls of `method` answer 429 with `Retry-After: retryAfterSeconds`. */
  rateLimit(method: string, retryAfterSeconds: number, count?: number): void;
  /** The next `count` calls of `method` answer `{ok: false, error}`. */
  failNext(method: string, error: string, count?: number): void;
  /** Every `assistant.threads.*` call in a thread, oldest first. */
  assistantCalls(channel: string, threadTs: string): SlackAssistantThreadCall[];
  /** Calls of `method` are answered after `ms` from now on (0: at once again). */
  delay(method: string, ms: number): void;
  /** For Socket Mode: the URL `apps.connections.open` answers. */
  setSocketUrl(url: string): void;
  /** Slack's authorize page (`/oauth/v2/authorize`), where "Add to Slack" sends the browser. */
  authorizeUrl: string;
  /** The next visit of the authorize page is approved by an admin of this workspace. */
  approveAs(teamId: string): void;
  /** Where the authorize page sends the browser back (the app's configured redirect URL). */
  setRedirectUrl(url: string): void;
  waitFor<T>(check: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

const sectionTextLimit = 3_000;

export async function startSlackApiServer(options: SlackApiServerOptions): Promise<SlackApiServer> {
  const teamId = options.teamId ?? 'T0PARLEY1';
  const botUserId = options.botUserId ?? 'U0PARLEYBOT';
  const botId = options.botId ?? 'B0PARLEYBOT';
  const workspaces = new Map<string, SlackWorkspaceRecord>(
    [
      { teamId, teamName: 'Parley Test', botToken: options.botToken, botUserId, botId },
      ...(options.workspaces ?? []),
    ].map((workspace) => [workspace.botToken, workspace]),
  );
  const workspaceOf = (token: string | null) => workspaces.get(token ?? '') ?? null;
  /** Codes the authorize page handed out, each for one workspace, good once. */
  const codes = new Map<string, SlackWorkspaceRecord>();
  let approver: string | null = null;
  let redirectUrl: string | null = null;
  const users = new Map<string, SlackUserRecord>((options.users ?? []).map((user) => [user.id, user]));
  const calls: SlackApiCall[] = [];
  const messages: SlackStoredMessage[] = [];
  const rateLimits = new Map<string, { seconds: number; count: number }>();
  const failures = new Map<string, { error: string; count: number }>();
  const delays = new Map<string, number>();
  let socketUrl: string | null = null;
  let clock = Math.floor(Date.now() / 1000);
  let sequence = 0;
  const nextTs = () => {
    sequence += 1;
    return `${clock}.${String(sequence).padStart(6, '0')}`;
  };

  const find = (channel: unknown, ts: unknown) =>
    messages.find((message) => message.channel === channel && message.ts === ts && !message.deleted);
  const assistantThreadCalls: SlackAssistantThreadCall[] = [];
  /** `assistant.threads.*`: only in a DM's thread (the split pane), as Slack has them. */
  const assistantThreadMethod =
    (method: string, check: (body: Record<string, unknown>) => string | null) =>
    (body: Record<string, unknown>) => {
      if (typeof body.channel_id !== 'string' || !body.channel_id.startsWith('D'))
        return { ok: false, error: 'channel_not_found' };
      if (typeof body.thread_ts !== 'string' || body.thread_ts === '')
        return { ok: false, error: 'invalid_arguments' };
      const problem = check(body);
      if (problem) return { ok: false, error: problem };
      assistantThreadCalls.push({ method, channel_id: body.channel_id, thread_ts: body.thread_ts, body });
      return {};
    };
  /** Streamed text as Slack shows it so far: the `markdown_text` chunks joined. */
  const streamedText = (chunks: SlackChunk[]) =>
    chunks
      .filter((chunk) => chunk.type === 'markdown_text')
      .map((chunk) => String(chunk.text))
      .join('');
  const streamChunks = (body: Record<string, unknown>): SlackChunk[] | string => {
    if (body.chunks === undefined)
      return typeof body.markdown_text === 'string'
        ? [{ type: 'markdown_text', text: body.markdown_text }]
        : [];
    if (!Array.isArray(body.chunks)) return 'invalid_chunks';
    for (const chunk of body.chunks as SlackChunk[]) {
      if (chunk.type === 'markdown_text') {
        if (typeof chunk.text !== 'string' || chunk.text.length > 12_000) return 'invalid_chunks';
      } else if (chunk.type === 'task_update') {
        if (typeof chunk.id !== 'string' || typeof chunk.title !== 'string') return 'invalid_chunks';
        if (!['pending', 'in_progress', 'complete', 'error'].includes(String(chunk.status)))
          return 'invalid_chunks';
        if (chunk.sources !== undefined) {
          if (!Array.isArray(chunk.sources)) return 'invalid_chunks';
          for (const source of chunk.sources as Record<string, unknown>[]) {
            if (source.type !== 'url' || typeof source.text !== 'string') return 'invalid_chunks';
            if (!/^https?:\/\//.test(String(source.url))) return 'invalid_chunks';
          }
        }
      } else return 'invalid_chunks';
    }
    return body.chunks as SlackChunk[];
  };
  const streaming = (body: Record<string, unknown>) => {
    const stored = find(body.channel, body.ts);
    if (!stored?.stream) return { error: 'message_not_found' };
    if (stored.stream.stopped) return { error: 'message_not_in_streaming_state' };
    return { stored, stream: stored.stream };
  };

  const methods: Record<
    string,
    (body: Record<string, unknown>, token: string | null) => Record<string, unknown>
  > = {
    'auth.test': (_body, token) => {
      const workspace = workspaceOf(token);
      return {
        url: 'https://parley-test.slack.com/',
        team: workspace?.teamName ?? 'Parley Test',
        user: 'parley',
        team_id: workspace?.teamId ?? teamId,
        user_id: workspace?.botUserId ?? botUserId,
        bot_id: workspace?.botId ?? botId,
        is_enterprise_install: false,
      };
    },
    'oauth.v2.access': (body) => {
      if (!options.oauth || body.client_id !== options.oauth.clientId)
        return { ok: false, error: 'invalid_client_id' };
      if (body.client_secret !== options.oauth.clientSecret) return { ok: false, error: 'bad_client_secret' };
      const workspace = codes.get(String(body.code ?? ''));
      if (!workspace) return { ok: false, error: 'invalid_code' };
      codes.delete(String(body.code));
      return {
        app_id: 'A0PARLEYAPP',
        authed_user: { id: 'U0ADMIN' },
        scope: 'app_mentions:read,channels:history,chat:write,groups:history,im:history,im:read,users:read',
        token_type: 'bot',
        access_token: workspace.botToken,
        bot_user_id: workspace.botUserId,
        team: { id: workspace.teamId, name: workspace.teamName },
        enterprise: null,
        is_enterprise_install: false,
      };
    },
    'chat.postMessage': (body, token) => {
      const problem = checkMessage(body);
      if (problem) return { ok: false, error: problem };
      if (typeof body.channel !== 'string' || body.channel === '')
        return { ok: false, error: 'channel_not_found' };
      const ts = nextTs();
      const threadTs = typeof body.thread_ts === 'string' && body.thread_ts !== '' ? body.thread_ts : null;
      const workspace = workspaceOf(token);
      const stored: SlackStoredMessage = {
        team_id: workspace?.teamId ?? teamId,
        channel: body.channel,
        ts,
        thread_ts: threadTs,
        user: workspace?.botUserId ?? botUserId,
        bot_id: workspace?.botId ?? botId,
        versions: [{ text: String(body.text ?? ''), blocks: blocksOf(body), at: Date.now() }],
        deleted: false,
      };
      messages.push(stored);
      return { channel: body.channel, ts, message: wireMessage(stored) };
    },
    'chat.update': (body) => {
      const problem = checkMessage(body);
      if (problem) return { ok: false, error: problem };
      const stored = find(body.channel, body.ts);
      if (!stored) return { ok: false, error: 'message_not_found' };
      stored.versions.push({ text: String(body.text ?? ''), blocks: blocksOf(body), at: Date.now() });
      return { channel: stored.channel, ts: stored.ts, text: body.text ?? '', message: wireMessage(stored) };
    },
    'chat.delete': (body) => {
      const stored = find(body.channel, body.ts);
      if (!stored) return { ok: false, error: 'message_not_found' };
      stored.deleted = true;
      return { channel: stored.channel, ts: stored.ts };
    },
    'chat.postEphemeral': (body) => {
      if (typeof body.user !== 'string' || typeof body.channel !== 'string')
        return { ok: false, error: 'invalid_arguments' };
      if (typeof body.text !== 'string' && body.blocks === undefined) return { ok: false, error: 'no_text' };
      return { message_ts: nextTs() };
    },
    'users.info': (body) => {
      const user = typeof body.user === 'string' ? users.get(body.user) : undefined;
      if (!user) return { ok: false, error: 'user_not_found' };
      return {
        user: {
          id: user.id,
          team_id: teamId,
          name: user.name,
          real_name: user.real_name,
          tz: user.tz ?? 'Europe/Berlin',
          tz_label: 'Central European Time',
          tz_offset: 3600,
          is_bot: user.is_bot ?? false,
          deleted: false,
          profile: {
            real_name: user.real_name,
            display_name: user.display_name ?? '',
            real_name_normalized: user.real_name,
            display_name_normalized: user.display_name ?? '',
          },
        },
      };
    },
    'assistant.threads.setSuggestedPrompts': assistantThreadMethod('setSuggestedPrompts', (body) => {
      const prompts = body.prompts as { title?: unknown; message?: unknown }[] | undefined;
      if (!Array.isArray(prompts) || prompts.length === 0 || prompts.length > 4) return 'invalid_arguments';
      return prompts.every((prompt) => typeof prompt.title === 'string' && typeof prompt.message === 'string')
        ? null
        : 'invalid_arguments';
    }),
    'assistant.threads.setTitle': assistantThreadMethod('setTitle', (body) =>
      typeof body.title === 'string' && body.title !== '' ? null : 'invalid_arguments',
    ),
    'assistant.threads.setStatus': assistantThreadMethod('setStatus', (body) =>
      typeof body.status === 'string' ? null : 'invalid_arguments',
    ),
    'chat.startStream': (body, token) => {
      if (typeof body.channel !== 'string' || body.channel === '')
        return { ok: false, error: 'channel_not_found' };
      if (typeof body.thread_ts !== 'string' || body.thread_ts === '')
        return { ok: false, error: 'invalid_arguments' };
      // Outside a DM Slack needs to know whom the stream is for.
      if (!body.channel.startsWith('D') && (!body.recipient_user_id || !body.recipient_team_id))
        return { ok: false, error: 'invalid_arguments' };
      const chunks = streamChunks(body);
      if (typeof chunks === 'string') return { ok: false, error: chunks };
      if (chunks.length === 0) return { ok: false, error: 'no_text' };
      const ts = nextTs();
      const workspace = workspaceOf(token);
      const stored: SlackStoredMessage = {
        team_id: workspace?.teamId ?? teamId,
        channel: body.channel,
        ts,
        thread_ts: body.thread_ts,
        user: workspace?.botUserId ?? botUserId,
        bot_id: workspace?.botId ?? botId,
        versions: [{ text: streamedText(chunks), blocks: [], at: Date.now() }],
        deleted: false,
        stream: { chunks: [...chunks], stopped: false, blocks: [] },
      };
      messages.push(stored);
      return { channel: body.channel, ts };
    },
    'chat.appendStream': (body) => {
      const found = streaming(body);
      if ('error' in found) return { ok: false, error: found.error };
      const chunks = streamChunks(body);
      if (typeof chunks === 'string') return { ok: false, error: chunks };
      if (chunks.length === 0) return { ok: false, error: 'no_text' };
      found.stream.chunks.push(...chunks);
      found.stored.versions.push({ text: streamedText(found.stream.chunks), blocks: [], at: Date.now() });
      return { channel: found.stored.channel, ts: found.stored.ts };
    },
    'chat.stopStream': (body) => {
      const found = streaming(body);
      if ('error' in found) return { ok: false, error: found.error };
      const chunks = streamChunks(body);
      if (typeof chunks === 'string') return { ok: false, error: chunks };
      if (body.blocks !== undefined) {
        const problem = checkMessage({ text: 'x', blocks: body.blocks });
        if (problem) return { ok: false, error: problem };
      }
      found.stream.chunks.push(...chunks);
      found.stream.stopped = true;
      found.stream.blocks = blocksOf(body);
      found.stored.versions.push({
        text: streamedText(found.stream.chunks),
        blocks: found.stream.blocks,
        at: Date.now(),
      });
      return { channel: found.stored.channel, ts: found.stored.ts, message: wireMessage(found.stored) };
    },
    'apps.connections.open': (_body, token) => {
      if (!options.appToken || token !== options.appToken) return { ok: false, error: 'invalid_auth' };
      if (!socketUrl) return { ok: false, error: 'internal_error' };
      return { url: socketUrl };
    },
  };

  /**
   * Slack's authorize page, approved at once by the admin `approveAs` named: back to the app's
   * redirect URL with a one-time code for that workspace and the `state` the app sent.
   */
  const authorizePage = (url: URL, response: ServerResponse) => {
    const workspace = [...workspaces.values()].find((candidate) => candidate.teamId === approver);
    const back = url.searchParams.get('redirect_uri') ?? redirectUrl;
    if (
      !options.oauth ||
      url.searchParams.get('client_id') !== options.oauth.clientId ||
      !workspace ||
      !back
    ) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid authorize request');
      return;
    }
    const code = `code-${workspace.teamId}-${codes.size + 1}-${Date.now()}`;
    codes.set(code, workspace);
    const target = new URL(back);
    target.searchParams.set('code', code);
    target.searchParams.set('state', url.searchParams.get('state') ?? '');
    response.writeHead(302, { location: target.toString() }).end();
  };

  const server = createServer((request, response) => {
    readBody(request)
      .then(async (raw) => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (request.method === 'GET' && url.pathname === '/oauth/v2/authorize')
          return authorizePage(url, response);
        const method = /^\/api\/([\w.]+)$/.exec(url.pathname)?.[1];
        const body = parseBody(raw, String(request.headers['content-type'] ?? ''));
        const token = tokenOf(request, body);
        const call: SlackApiCall = {
          method: method ?? '',
          token,
          body,
          at: Date.now(),
          outcome: { ok: true, status: 200 },
        };
        calls.push(call);
        const wait = method ? (delays.get(method) ?? 0) : 0;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (!method) return answer(response, call, 404, { ok: false, error: 'unknown_method' });
        const limit = rateLimits.get(method);
        if (limit && limit.count > 0) {
          limit.count -= 1;
          response.setHeader('retry-after', String(limit.seconds));
          return answer(response, call, 429, { ok: false, error: 'ratelimited' });
        }
        const handler = methods[method];
        if (!handler) return answer(response, call, 200, { ok: false, error: 'unknown_method' });
        const known =
          method === 'oauth.v2.access' ||
          (method === 'apps.connections.open' ? token === options.appToken : workspaceOf(token) !== null);
        if (!known) return answer(response, call, 200, { ok: false, error: 'invalid_auth' });
        const failure = failures.get(method);
        if (failure && failure.count > 0) {
          failure.count -= 1;
          return answer(response, call, 200, { ok: false, error: failure.error });
        }
        clock = Math.max(clock, Math.floor(Date.now() / 1000));
        const result = handler(body, token);
        return answer(response, call, 200, { ok: true, ...result });
      })
      .catch((error: unknown) => {
        response.statusCode = 500;
        response.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/api/`,
    teamId,
    botUserId,
    botId,
    calls,
    callsTo: (method) => calls.filter((call) => call.method === method),
    messages(channel, { thread, includeDeleted = false } = {}) {
      return messages.filter(
        (message) =>
          message.channel === channel &&
          (includeDeleted || !message.deleted) &&
          (thread === undefined || message.thread_ts === thread),
      );
    },
    addUser(user) {
      users.set(user.id, user);
    },
    assistantCalls(channel, threadTs) {
      return assistantThreadCalls.filter(
        (call) => call.channel_id === channel && call.thread_ts === threadTs,
      );
    },
    rateLimit(method, seconds, count = 1) {
      rateLimits.set(method, { seconds, count });
    },
    failNext(method, error, count = 1) {
      failures.set(method, { error, count });
    },
    delay(method, ms) {
      delays.set(method, ms);
    },
    setSocketUrl(url) {
      socketUrl = url;
    },
    authorizeUrl: `http://127.0.0.1:${port}/oauth/v2/authorize`,
    approveAs(team) {
      approver = team;
    },
    setRedirectUrl(url) {
      redirectUrl = url;
    },
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline)
          throw new Error(`timed out; Slack API calls: ${calls.map((call) => call.method).join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(
  response: ServerResponse,
  call: SlackApiCall,
  status: number,
  body: Record<string, unknown>,
): void {
  call.outcome = {
    ok: body.ok === true,
    status,
    ...(typeof body.error === 'string' ? { error: body.error } : {}),
  };
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}

function wireMessage(message: SlackStoredMessage): Record<string, unknown> {
  const latest = message.versions.at(-1);
  return {
    type: 'message',
    user: message.user,
    bot_id: message.bot_id,
    text: latest?.text ?? '',
    blocks: latest?.blocks ?? [],
    ts: message.ts,
    ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

const jsonFields = ['blocks', 'attachments', 'metadata', 'chunks', 'prompts'];

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (raw === '') return {};
  if (contentType.includes('application/json')) return JSON.parse(raw) as Record<string, unknown>;
  const body: Record<string, unknown> = Object.fromEntries(new URLSearchParams(raw));
  for (const field of jsonFields) {
    if (typeof body[field] === 'string') {
      try {
        body[field] = JSON.parse(body[field] as string);
      } catch {
        // Slack answers `invalid_blocks_format`; checkMessage says so.
      }
    }
  }
  return body;
}

function tokenOf(request: IncomingMessage, body: Record<string, unknown>): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return typeof body.token === 'string' ? body.token : null;
}

function blocksOf(body: Record<string, unknown>): SlackBlock[] {
  return Array.isArray(body.blocks) ? (body.blocks as SlackBlock[]) : [];
}

/** Slack's documented limits for a message's text and blocks; the error Slack would answer, or null. */
function checkMessage(body: Record<string, unknown>): string | null {
  if (body.blocks === undefined) return typeof body.text === 'string' && body.text !== '' ? null : 'no_text';
  if (!Array.isArray(body.blocks)) return 'invalid_blocks_format';
  const blocks = body.blocks as SlackBlock[];
  if (blocks.length > 50) return 'invalid_blocks';
  const actionIds = new Set<string>();
  for (const block of blocks) {
    if (block.block_id !== undefined && String(block.block_id).length > 255) return 'invalid_blocks';
    if (block.type === 'section') {
      const text = block.text as { type?: string; text?: string } | undefined;
      if (!text || typeof text.text !== 'string' || text.text.length === 0) return 'invalid_blocks';
      if (text.text.length > sectionTextLimit) return 'invalid_blocks';
      if (text.type !== 'mrkdwn' && text.type !== 'plain_text') return 'invalid_blocks';
    } else if (block.type === 'context') {
      const elements = block.elements as { type?: string; text?: string }[] | undefined;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 10) return 'invalid_blocks';
      for (const element of elements) {
        if (typeof element.text !== 'string' || element.text.length === 0 || element.text.length > 3_000)
          return 'invalid_blocks';
      }
    } else if (block.type === 'actions') {
      const elements = block.elements as Record<string, unknown>[] | undefined;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) return 'invalid_blocks';
      for (const element of elements) {
        const actionId = String(element.action_id ?? '');
        if (actionId === '' || actionId.length > 255 || actionIds.has(actionId)) return 'invalid_blocks';
        actionIds.add(actionId);
        if (element.type === 'button') {
          const text = element.text as { type?: string; text?: string } | undefined;
          if (text?.type !== 'plain_text' || !text.text || text.text.length > 75) return 'invalid_blocks';
          if (typeof element.value === 'string' && element.value.length > 2_000) return 'invalid_blocks';
        }
      }
    } else if (block.type === 'context_actions') {
      const elements = block.elements as Record<string, unknown>[] | undefined;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 5) return 'invalid_blocks';
      for (const element of elements) {
        const actionId = String(element.action_id ?? '');
        if (actionId === '' || actionIds.has(actionId)) return 'invalid_blocks';
        actionIds.add(actionId);
        if (element.type !== 'feedback_buttons') continue;
        for (const side of [element.positive_button, element.negative_button] as Record<string, unknown>[]) {
          const text = side?.text as { type?: string; text?: string } | undefined;
          if (text?.type !== 'plain_text' || !text.text || typeof side?.value !== 'string')
            return 'invalid_blocks';
          if ((side.value as string).length > 2_000) return 'invalid_blocks';
        }
      }
    } else if (!['divider', 'header', 'image', 'rich_text', 'markdown'].includes(block.type)) {
      return 'invalid_blocks';
    }
  }
  return null;
}
