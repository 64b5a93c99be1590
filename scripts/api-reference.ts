import { buildOpenApiDocument, parleyVersion, routes } from '@parley/server';

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  description?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  maxItems?: number;
  default?: unknown;
  pattern?: string;
  format?: string;
};

function typeOf(schema: JsonSchema): string {
  if (schema.format === 'binary') return 'file';
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.type ?? 'any';
}

function constraintsOf(schema: JsonSchema): string {
  const parts: string[] = [];
  const bound = (value: number | undefined) =>
    value === undefined || Math.abs(value) >= Number.MAX_SAFE_INTEGER ? undefined : value;
  const minimum = bound(schema.minimum);
  const maximum = bound(schema.maximum);
  if (minimum !== undefined || maximum !== undefined) parts.push(`${minimum ?? '…'}–${maximum ?? '…'}`);
  if (schema.minLength !== undefined || schema.maxLength !== undefined) {
    parts.push(`${schema.minLength ?? 0}–${schema.maxLength ?? '…'} chars`);
  }
  if (schema.maxItems !== undefined) parts.push(`at most ${schema.maxItems} items`);
  if (schema.default !== undefined) parts.push(`default ${JSON.stringify(schema.default)}`);
  if (schema.description) parts.push(schema.description);
  return parts.join('; ');
}

function fieldRows(schema: JsonSchema, prefix = ''): string[] {
  const rows: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const required = (schema.required ?? []).includes(name) ? 'yes' : 'no';
    rows.push(`| \`${prefix}${name}\` | ${typeOf(property)} | ${required} | ${constraintsOf(property)} |`);
    const nested = property.anyOf?.find((option) => option.properties) ?? property;
    if (nested.properties) rows.push(...fieldRows(nested, `${prefix}${name}.`));
  }
  return rows;
}

function table(schema: JsonSchema): string[] {
  const rows = fieldRows(schema);
  if (rows.length === 0) return [];
  return ['| Field | Type | Required | Notes |', '|---|---|---|---|', ...rows, ''];
}

type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  'x-parley-access': string;
  parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { required: boolean; content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
};

const introduction = `# Parley API reference

Generated from the same zod schemas that validate every request
(\`pnpm docs:api\` writes this file; a test fails when it is out of date). The
machine-readable form is the OpenAPI 3.1 document at \`GET /v1/openapi.json\` (tests load it in
swagger-parser, lint it with Redocly's recommended rules, put Prism in front of the server with it, and
fuzz the server from it, checking every answer against it).
The wire contract is \`shared/CONTRACT.md\`; both reference documents
(\`shared/seeds/\`) work against Parley exactly as written.

## Conventions
- **Authentication**: \`Authorization: Bearer <key>\` on every \`/v1\` call. Secret keys (\`sk_…\`) reach
  everything; publishable keys (\`pk_…\`, bound to one app or agent and a list of web origins) and share
  tokens (\`st_…\`, from \`POST /v1/agents/:id/share\`) may create sessions, execute, read a session's
  history and chat — anything else answers 403 \`permission_error\`. Sessions, like conversations, record
  who opened them: a publishable key or share token reads, continues, rates, follows and escalates only the
  sessions it opened (another's, a chat connector's, or one stored before sessions recorded their opener
  answers 404 \`not_found\`); secret keys reach all. A browser \`Origin\` a publishable key
  does not list is refused with 403. Keys are stored only as SHA-256 hashes and shown once.
- **Errors** always have the shape \`{"error": {"code", "message", "details"}}\`. Validation errors name the
  field: \`details.field\`, \`details.problem\`, \`details.location\` (\`body\`, \`query\`, \`path\`) and every problem
  in \`details.issues\`. Codes: \`invalid_request\` 400, \`authentication_error\` 401, \`permission_error\` 403,
  \`not_found\` 404, \`payload_too_large\` 413, \`rate_limited\` 429, \`internal_error\` 500, \`upstream_error\` 502,
  \`unavailable\` 503 (a dependency such as Redis is unreachable for now; with \`Retry-After\`, and
  \`GET /readyz\` answers 503 meanwhile).
  Unknown fields in a body are refused (400) rather than ignored, so a typo never goes unnoticed. An unknown
  \`/v1\` route or method answers 404 after the key is checked and counted (401 without a key).
- **OpenAI-compatible routes** (\`/v1/chat/completions\`, \`/v1/models\`) speak OpenAI's protocol instead:
  errors are \`{"error": {"message", "type", "code", "param"}}\` (\`code\` is Parley's code above, \`param\`
  the field), bodies take and ignore OpenAI's other fields, and streams are \`data:\` chunks ending
  \`data: [DONE]\`. Keys, origins and rate limits are as everywhere. See docs/openai-compatible.md.
- **Rate limits** per key, per minute and per day: \`free\` 60/1,000, \`pro\` 600/50,000, \`enterprise\` what
  the key says. Publishable keys and share tokens are also limited per client IP
  (\`PARLEY_IP_LIMIT_PER_MINUTE\`, default 30, \`PARLEY_IP_LIMIT_PER_DAY\`, default 1,000). Every
  authenticated answer carries \`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\` (Unix
  seconds) of the window closest to its limit: the key's minute as a rule, its day when that is nearer, or
  the client IP's window for publishable keys and share tokens. Past a limit, 429 with \`Retry-After\` in
  seconds.
- **Failed authentication** is limited per client IP: after 20 wrong keys or share tokens in a minute
  (\`PARLEY_AUTH_FAILURES_PER_MINUTE\`), that address gets 429 \`rate_limited\` with \`Retry-After\` until
  the minute ends, whatever key it sends.
- **Ids** are a prefix and 20 random URL-safe characters: \`app_ agt_ ds_ sess_ conv_ msg_ trace_ key_\`.
  **Timestamps** are ISO 8601 UTC to the second (\`2024-01-15T14:30:00Z\`).
- **Lists** take \`limit\` (1–100, default 20) and \`cursor\` and answer
  \`{"data": [...], "has_more": bool, "next_cursor": string|null}\`, newest first.
- **Creates** answer 201; everything else that succeeds answers 200.
- **Streams** (\`execute/stream\`, \`chat\` with \`stream: true\`) are Server-Sent Events: \`start {trace_id,
  session_id | conversation_id}\`, \`token {content}\`, \`tool_call {tool, status}\`, \`citation {…}\`,
  \`done {usage, agent, agent_id, tools_used, trace_id, …}\`, and \`error {error: {code, message}}\` when the
  answer fails after the stream began (before it, the answer is an ordinary JSON error). The concatenated
  tokens equal the stored answer. For chat, \`done\` also carries \`id\`, \`conversation_id\`, \`citations\`,
  \`applied_definitions\`, \`created_at\`, and \`usage\` in both shapes (\`input_tokens\`/\`output_tokens\` and
  \`prompt_tokens\`/\`completion_tokens\`/\`total_tokens\`).
- **Sessions**: request \`metadata\` is deep-merged into the session memory \`sessionMeta.metadata\`; system
  prompts may read it as \`{{memory.sessionMeta.metadata.userProfile.name}}\` (an unknown path renders
  empty; \`{{{…}}}\` renders like \`{{…}}\`; values are inserted as written, braces included, never
  evaluated). A request carries at most 16 KiB of metadata and a session keeps at most 64 KiB (its merged
  JSON): a turn that would grow it past that answers 400 \`invalid_request\` (\`details.field: "metadata"\`,
  \`size_bytes\`, \`limit_bytes\`) and stores nothing; set keys it has, or \`null\` them, to make room.
  \`expires_at\` slides forward with each message. An ended or expired session answers 404
  \`not_found\` with \`details.session_id\`. Two executes on one session are answered one after the other;
  the user's message is stored before the model is called; an answer cut short (client gone, provider
  failure) is stored as far as it got with \`status: "incomplete"\` and \`error\` in the history. A provider
  failure answers 502 \`upstream_error\` whose \`details\` name the session (\`session_id\`, also one the
  execute just opened) or conversation (\`conversation_id\`) that keeps the message, and the \`trace_id\`.
- **Agent in answers**: \`agent\` is the answering agent's name, \`agent_id\` its id.
- **Escalation**: a user asking for a person (\`POST …/escalate\`, words such as "talk to a human" or
  "agent please", or the model's \`escalate_to_human\` tool, shown as \`tool_call\` events and in
  \`tools_used\`) marks the session escalated and fires \`conversation.escalated\` once (when a webhook
  subscribes to it). Escalation is one fact: the turn that hands over answers \`escalated: true\` (execute
  and the stream's \`done\`), live listeners hear \`escalated\` and the history says \`escalated: true\`,
  with or without webhooks. While escalated,
  execute stores the message, forwards it as \`message.created\` and answers \`{"response": "", "escalated":
  true, …}\` without calling the model; a person answers with \`POST …/messages\` until \`POST …/resolve\`.
  Socket.IO clients following the session receive \`human_message\`, \`escalated\` and \`resolved\`.
- **Knowledge**: an agent with datastores searches them before answering (\`tool_call\` \`search_knowledge\`);
  \`citations\` list only the sources the answer cites, numbered as in its text, with \`document_id\`,
  \`document_name\`, \`page_number\` (the real PDF page; 1 otherwise), for Markdown and HTML the \`section\`
  (the h1–h3 heading the passage sits under; absent for PDF and Word), a verbatim \`excerpt\` of that page
  and \`score\` in 0–1; execute/stream sends one \`citation\` event for each.
- **Tools**: an agent's HTTP tools are called with schema-checked arguments; each call shows as
  \`tool_call\` started, then completed or failed, and the tool is listed in \`tools_used\`. Private and
  loopback URLs are refused unless \`PARLEY_ALLOW_PRIVATE_URLS=1\`.
- **Webhooks**: each delivery is a POST of \`{"event", "timestamp", "data"}\` with \`X-Parley-Signature\`
  (hex HMAC-SHA256 of the raw body with the webhook's secret), \`X-Parley-Event-Id\` (the same id on every
  retry of one event) and \`X-Parley-Event\`. Event data: \`session.started {session_id, app_id, user_id,
  user_verified, metadata, created_at, expires_at}\`, \`session.ended {session_id, app_id, reason: "deleted"|"expired",
  ended_at, message_count}\`, \`conversation.escalated {session_id, reason: "user_requested"|"model",
  context: {channel, user_id, user_verified, metadata, recent_messages}, contact_email?}\`, \`message.created {session_id,
  message, contact_email?}\`. \`user_verified\`: the user id came with a \`user_hash\` that verified (or from a secret key
  or a chat platform). \`contact_email\`: the email the visitor left to be answered later (\`POST …/contact\`, the widget's
  form when the team is away or nobody took the escalation in time); leaving it while escalated fires
  \`conversation.escalated\` again with it (same \`session_id\` and \`reason\`). The hosted share page's visitor may
  leave one too (the socket's \`contact\` with \`conversation_id\`): the agent's conversation follows the oldest app
  holding the agent, whose webhooks then get \`conversation.escalated\` with \`session_id\` the conversation's id,
  \`context.channel\` \`share\` and \`contact_email\`, and \`message.created\` for the visitor's later messages.
- **Identity verification**: \`user_hash\` beside \`user_id\` (execute, sessions, the socket's \`execute\` and
  \`config\`) is the hex HMAC-SHA256 of the exact user id with the app's identity secret
  (\`POST /v1/apps/{app_id}/identity-secret\`). From a publishable key, a hash that does not verify is refused
  (403 \`permission_error\`, \`details.reason: "identity_unverified"\`, nothing written); an app with
  \`identity_verification: "required"\` also refuses a \`user_id\` without one and keeps no metadata of an
  anonymous visitor. The socket's \`config\` answers a verified user with \`session_id\`, their latest session
  that has not ended, to continue it on another device.
  Delivery is at least once, in order per session, retried with backoff for 25 hours.
`;

/** The readable API reference, made from the OpenAPI document. */
export function renderApiReference(): string {
  const document = buildOpenApiDocument(routes, parleyVersion);
  const lines = [introduction];
  const byTag = new Map<string, { method: string; path: string; operation: Operation }[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods as Record<string, Operation>)) {
      const tag = operation.tags[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), { method, path, operation }]);
    }
  }
  for (const [tag, operations] of byTag) {
    lines.push(`## ${tag}`, '');
    for (const { method, path, operation } of operations) {
      lines.push(
        `### ${operation.summary}`,
        '',
        `\`${method.toUpperCase()} ${path}\` · access: ${operation['x-parley-access']}`,
        '',
      );
      if (operation.description) lines.push(operation.description, '');
      const parameters = (operation.parameters ?? []).map(
        (parameter) =>
          `| \`${parameter.name}\` | ${parameter.in} | ${typeOf(parameter.schema)} | ${constraintsOf(parameter.schema)} |`,
      );
      if (parameters.length > 0)
        lines.push('| Parameter | In | Type | Notes |', '|---|---|---|---|', ...parameters, '');
      const requestBody = operation.requestBody;
      for (const [mediaType, { schema }] of Object.entries(requestBody?.content ?? {})) {
        const notes = [
          ...(mediaType === 'application/json' ? [] : [mediaType]),
          ...(requestBody?.required ? [] : ['optional: an empty body is taken as `{}`']),
        ];
        lines.push(
          notes.length > 0 ? `Request body (${notes.join(', ')}):` : 'Request body:',
          '',
          ...table(schema),
        );
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!status.startsWith('2')) continue;
        const kinds = Object.keys(response.content ?? {}).join(', ');
        lines.push(`Answer ${status} (${kinds}):`, '');
        const schema = response.content?.['application/json']?.schema;
        if (schema) lines.push(...table(schema));
      }
      const errors = Object.entries(operation.responses)
        .filter(([status]) => !status.startsWith('2'))
        .map(([status, response]) => `${status} ${response.description.split(':')[0]}`);
      lines.push(`Errors: ${errors.join(', ')}.`, '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
