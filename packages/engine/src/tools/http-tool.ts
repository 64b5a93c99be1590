import { builtInToolNames, type HttpTool, type HttpToolMethod, httpToolMethods } from '@parley/contract';
import type { ModelTool } from '../model/chat-model.js';
import type { AgentRecord, JsonObject } from '../types.js';

/** An agent's HTTP tool, as stored in `AgentRecord.tools`: the contract's shape, with its headers in clear. */
export { builtInToolNames, type HttpTool, type HttpToolMethod, httpToolMethods };

/** What calling a tool gave: a 2xx answer is `ok`; otherwise `error` says why. */
export interface ToolCallOutcome {
  ok: boolean;
  /** The HTTP status, or null when there was no answer. */
  status: number | null;
  /** The answer's body as text, cut to a size the model can take. */
  body: string;
  error: string | null;
}

/**
 * The seam through which HTTP tools reach the network: the engine makes no
 * calls itself. The server gives one that refuses private addresses.
 */
export interface ToolRunner {
  call(
    tool: HttpTool,
    toolArguments: JsonObject,
    options: { signal?: AbortSignal },
  ): Promise<ToolCallOutcome>;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringRecord(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(
    Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/** Reads one stored tool; null when it is not a well-formed HTTP tool. */
export function toHttpTool(value: JsonObject): HttpTool | null {
  const { type, name, description, parameters, url, method } = value;
  if (type !== 'http' || typeof name !== 'string' || typeof url !== 'string') return null;
  if (!isObject(parameters)) return null;
  const knownMethod = httpToolMethods.find((candidate) => candidate === method);
  return {
    type: 'http',
    name,
    description: typeof description === 'string' ? description : '',
    parameters,
    url,
    method: knownMethod ?? 'POST',
    headers: stringRecord(value.headers),
  };
}

function isBuiltInName(name: string): boolean {
  return builtInToolNames.some((builtIn) => builtIn === name);
}

/** The agent's HTTP tools; malformed entries and built-in names are left out. */
export function httpToolsOf(agent: AgentRecord): HttpTool[] {
  return agent.tools
    .map(toHttpTool)
    .filter((tool): tool is HttpTool => tool !== null && !isBuiltInName(tool.name));
}

export function toModelTool(tool: HttpTool): ModelTool {
  return { name: tool.name, description: tool.description, parameters: tool.parameters };
}
