/**
 * How the offline model uses an agent's HTTP tools, without a language model:
 * a question that plainly asks for one tool (its name and description share
 * the question's words) and carries every required argument (an order number,
 * an enum value it names) gets a tool call; the tool's result is then said back
 * in plain words. Deterministic: the same question always gives the same call.
 */
import {
  argumentsProblem,
  builtInToolNames,
  type ChatMessage,
  keywords,
  type ModelRequest,
  type ModelTool,
  type ModelToolCall,
} from '@parley/engine';

/** Tools the engine handles itself: never chosen here. */
const builtInTools: ReadonlySet<string> = new Set(builtInToolNames);

/** Words of tool names that say nothing about what the tool is for. */
const genericToolWords = new Set(['get', 'fetch', 'retrieve', 'look', 'up', 'lookup', 'api', 'call']);

/** A tool's score needs at least this: one word of its name, or two of its description. */
const minimumScore = 2;

type Schema = Record<string, unknown>;
type Argument = string | number;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `getOrderStatus`, `get_order_status`, `get-order-status` → `get order status`. */
function splitName(name: string): string {
  return name.replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2').replace(/[_\-.]+/g, ' ');
}

function meaningfulWords(text: string): Set<string> {
  return new Set([...keywords(text)].filter((word) => !genericToolWords.has(word)));
}

/** How well a tool matches the question: 2 for each word of its name, 1 for each other word of its description. */
export function toolScore(tool: ModelTool, question: string): number {
  const asked = meaningfulWords(question);
  const named = meaningfulWords(splitName(tool.name));
  const described = meaningfulWords(tool.description);
  let score = 0;
  for (const word of asked) {
    if (named.has(word)) score += 2;
    else if (described.has(word)) score += 1;
  }
  return score;
}

/** The agent's own tool the question plainly asks for: the single best match, scoring at least 2; else null. */
export function chooseTool(tools: ModelTool[], question: string): ModelTool | null {
  let best: ModelTool | null = null;
  let bestScore = 0;
  let tie = false;
  for (const tool of tools) {
    if (builtInTools.has(tool.name)) continue;
    const score = toolScore(tool, question);
    if (score > bestScore) {
      best = tool;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0) {
      tie = true;
    }
  }
  return best && !tie && bestScore >= minimumScore ? best : null;
}

/** `order_id`, `orderId`, `id`, `order_number`, `tracking_number`… */
export function looksLikeIdName(name: string): boolean {
  return (
    /(^|[_\-\s])id$/i.test(name) || /\p{Ll}Id$/u.test(name) || /^id$/i.test(name) || /number/i.test(name)
  );
}

/** Number-like tokens of the question, in order: `#12345` → `12345`, `A-123`, `12345` (short bare numbers such as `2` are not ids). */
export function numberLikeTokens(question: string): string[] {
  const found: string[] = [];
  for (const match of question.matchAll(/(#?)([\p{L}\p{N}]+(?:[-_/][\p{L}\p{N}]+)*)/gu)) {
    const [, hash, token = ''] = match;
    if (!/\p{N}/u.test(token)) continue;
    if (hash !== '#' && token.length < 3) continue;
    if (!found.includes(token)) found.push(token);
  }
  return found;
}

function typesOf(schema: Schema): string[] {
  const type = schema.type;
  if (typeof type === 'string') return [type];
  if (Array.isArray(type)) return type.filter((item): item is string => typeof item === 'string');
  return [];
}

/** The token as a value of this parameter (its type, pattern and lengths), or null. */
function asIdValue(schema: Schema, token: string): Argument | null {
  const types = typesOf(schema);
  if (types.includes('string')) {
    if (typeof schema.minLength === 'number' && token.length < schema.minLength) return null;
    if (typeof schema.maxLength === 'number' && token.length > schema.maxLength) return null;
    if (typeof schema.pattern === 'string') {
      try {
        if (!new RegExp(schema.pattern, 'u').test(token)) return null;
      } catch {
        // A pattern JavaScript cannot read: the engine's check decides.
      }
    }
    return token;
  }
  if (types.includes('integer') && /^\d+$/.test(token)) return Number(token);
  if (types.includes('number') && /^\d+(?:\.\d+)?$/.test(token)) return Number(token);
  return null;
}

function mentions(question: string, phrase: string): number {
  const escaped = phrase.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/[\s_-]+/g, '[\\s_-]+');
  const match = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').exec(question);
  return match ? match.index : -1;
}

/** The enum value the question names (the first one it names), or undefined. */
function mentionedEnumValue(values: unknown[], question: string): Argument | undefined {
  let best: { value: Argument; at: number } | undefined;
  for (const value of values) {
    if (typeof value !== 'string' && typeof value !== 'number') continue;
    const text = String(value).trim();
    if (text === '') continue;
    const at = mentions(question, text);
    if (at !== -1 && (!best || at < best.at)) best = { value, at };
  }
  return best?.value;
}

/**
 * The tool's arguments taken from the question, or null when a required one
 * cannot be: an id-like parameter takes a number-like token, an enum parameter
 * a value the question names (optional enums too, when named).
 */
export function fillArguments(parameters: Schema, question: string): Record<string, Argument> | null {
  const properties = isRecord(parameters.properties) ? parameters.properties : {};
  const required = Array.isArray(parameters.required)
    ? parameters.required.filter((name): name is string => typeof name === 'string')
    : [];
  const tokens = numberLikeTokens(question);
  const used = new Set<string>();
  const filled: Record<string, Argument> = {};
  for (const [name, property] of Object.entries(properties)) {
    if (!isRecord(property)) {
      if (required.includes(name)) return null;
      continue;
    }
    if (Array.isArray(property.enum)) {
      const value = mentionedEnumValue(property.enum, question);
      if (value !== undefined) filled[name] = value;
      else if (required.includes(name)) return null;
      continue;
    }
    if (!required.includes(name)) continue;
    if (!looksLikeIdName(name)) return null;
    let value: Argument | null = null;
    for (const token of tokens) {
      if (used.has(token)) continue;
      value = asIdValue(property, token);
      if (value !== null) {
        used.add(token);
        break;
      }
    }
    if (value === null) return null;
    filled[name] = value;
  }
  if (required.some((name) => !(name in filled))) return null;
  return argumentsProblem(parameters, filled) === null ? filled : null;
}

/** The last message's text, when it is the user's. */
function lastUserQuestion(messages: ChatMessage[]): string | null {
  const last = messages.at(-1);
  return last?.role === 'user' ? last.content : null;
}

/**
 * The agent's tool the user's last message plainly asks for, with the arguments the message
 * carries (null when it lacks a required one); null when tools may not be called or none is asked for.
 */
function askedTool(
  request: ModelRequest,
): { tool: ModelTool; values: Record<string, Argument> | null } | null {
  if (request.toolChoice === 'none' || !request.tools?.length) return null;
  const question = lastUserQuestion(request.messages);
  if (question === null) return null;
  const tool = chooseTool(request.tools, question);
  return tool ? { tool, values: fillArguments(tool.parameters, question) } : null;
}

/** The call the offline model makes for this request, or null to answer in text. */
export function offlineToolCall(request: ModelRequest): ModelToolCall | null {
  const asked = askedTool(request);
  if (!asked?.values) return null;
  const earlier = request.messages.filter((message) => message.role === 'tool').length;
  return {
    id: `call_offline_${earlier + 1}`,
    name: asked.tool.name,
    arguments: JSON.stringify(asked.values),
  };
}

/**
 * The agent's tool the question plainly asks for when the question lacks an argument the tool
 * needs ("What's my order status?" with no order number); null otherwise.
 */
export function toolLackingArguments(request: ModelRequest): ModelTool | null {
  const asked = askedTool(request);
  return asked && asked.values === null ? asked.tool : null;
}

/** What a tool's required argument is, in words: its description's first clause ("the order number"), else its name. */
export function requiredArgumentsInWords(tool: ModelTool): string[] {
  const parameters = tool.parameters as Schema;
  const properties = isRecord(parameters.properties) ? parameters.properties : {};
  const required = Array.isArray(parameters.required)
    ? parameters.required.filter((name): name is string => typeof name === 'string')
    : [];
  return required.map((name) => {
    const property = properties[name];
    const described =
      isRecord(property) && typeof property.description === 'string'
        ? (property.description.split(/[,.;(]/)[0] ?? '').trim()
        : '';
    const words = described === '' ? humanise(name) : described;
    const lowered = `${words[0]?.toLowerCase() ?? ''}${words.slice(1)}`;
    return /^(the|a|an|your) /.test(lowered) ? lowered : `the ${lowered}`;
  });
}

/* ---- Saying a tool's result in plain words ---- */

const maximumFields = 10;
const acronyms = new Set(['id', 'url', 'api', 'eta', 'sku', 'vat', 'iban']);

/** `estimated_delivery` → `estimated delivery`, `orderId` → `order ID`. */
export function humanise(name: string): string {
  return splitName(name)
    .trim()
    .split(/\s+/)
    .map((word) => (acronyms.has(word.toLowerCase()) ? word.toUpperCase() : word.toLowerCase()))
    .join(' ');
}

/** The text on one line, cut to `maximum` characters with `...` when longer. */
export function shorten(text: string, maximum: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > maximum ? `${flat.slice(0, maximum - 3)}...` : flat;
}

/** The text ending as a sentence does: a full stop added unless it ends with one (or `!`, `?`). */
export function asSentence(text: string): string {
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/** A value for a reader, or null to skip it (null, empty). */
function renderValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : shorten(value, 160);
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every((item) => typeof item !== 'object' || item === null)) {
      const items = value.map(renderValue).filter((item): item is string => item !== null);
      return items.length === 0 ? null : shorten(items.join(', '), 160);
    }
    return `${value.length} ${value.length === 1 ? 'entry' : 'entries'}`;
  }
  return shorten(JSON.stringify(value), 100);
}

/** The top-level fields of an object: `Order 12345 — status: shipped; carrier: Acme Express`. */
export function renderObject(object: Record<string, unknown>): string {
  const entries = Object.entries(object);
  const heading = entries.find(
    ([key, value]) =>
      /(^|_)id$|\p{Ll}Id$/u.test(key) && (typeof value === 'string' || typeof value === 'number'),
  );
  let title = '';
  if (heading) {
    const [key, value] = heading;
    const subject = humanise(key.replace(/_?id$/i, '').replace(/Id$/, ''));
    title = subject === '' ? `ID ${value}` : `${subject[0]?.toUpperCase()}${subject.slice(1)} ${value}`;
  }
  const fields: string[] = [];
  for (const [key, value] of entries) {
    if (heading && key === heading[0]) continue;
    const rendered = renderValue(value);
    if (rendered !== null) fields.push(`${humanise(key)}: ${rendered}`);
  }
  const shown = fields.slice(0, maximumFields);
  if (fields.length > shown.length) shown.push(`and ${fields.length - shown.length} more fields`);
  const list = shown.join('; ');
  if (title && list) return `${title} — ${list}`;
  return title || list || 'no details';
}

/** What an error body says: `error.message`, `message`, `error`, or the text itself. */
function errorMessageOf(body: string): string {
  try {
    const value: unknown = JSON.parse(body);
    if (isRecord(value)) {
      const { error, message } = value;
      if (isRecord(error) && typeof error.message === 'string') return error.message;
      if (typeof error === 'string') return error;
      if (typeof message === 'string') return message;
    }
  } catch {
    // Not JSON: the text as it is.
  }
  return shorten(body, 200);
}

/**
 * One tool result (the `tool` message's text, as the engine wrote it) in plain
 * words, never naming the tool: its name is an internal word the visitor never chose.
 */
export function describeToolResult(content: string): string {
  const failure = /^Error: the tool failed: ([^\n]*)(?:\nThe tool answered: ([\s\S]*))?$/.exec(content);
  if (failure) {
    const [, reason = 'no answer', body] = failure;
    // What the service said helps the visitor more than its status code.
    return body
      ? asSentence(`I could not look that up: ${errorMessageOf(body)}`)
      : `I could not look that up (${shorten(reason, 200)}).`;
  }
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return `The lookup answered: ${shorten(content, 300)}`;
  }
  if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && 'error' in value)
      return asSentence(`I could not look that up: ${errorMessageOf(content)}`);
    return asSentence(renderObject(value));
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return 'The lookup found nothing.';
    const [first] = value;
    if (isRecord(first)) {
      const more = value.length > 1 ? `${value.length} results; the first: ` : '';
      return asSentence(`${more}${renderObject(first)}`);
    }
    return asSentence(renderValue(value) ?? 'nothing');
  }
  return asSentence(renderValue(value) ?? 'nothing');
}

/**
 * When the model is called again after its tools ran (the last messages are
 * `tool` results): those results in plain words, one line each; else null.
 */
export function toolResultsAnswer(messages: ChatMessage[]): string | null {
  const results: Extract<ChatMessage, { role: 'tool' }>[] = [];
  let index = messages.length - 1;
  for (; index >= 0; index -= 1) {
    const message = messages[index];
    if (message?.role !== 'tool') break;
    results.unshift(message);
  }
  if (results.length === 0) return null;
  return results.map((result) => describeToolResult(result.content)).join('\n');
}
