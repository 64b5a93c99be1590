import type { EngineContext } from '../context.js';
import { invalidRequest, ParleyError } from '../errors.js';
import { type ToolCallOutcome, toHttpTool } from '../tools/http-tool.js';
import { keepMaskedHeaders } from '../tools/tool-headers.js';
import { callHttpTool } from '../turns/tool-calls.js';
import type { JsonObject } from '../types.js';
import { getAgentRecord } from './agents.js';

export interface ToolTestInput {
  /** An HTTP tool definition, saved or not, checked by the caller; masked header values read back keep the stored ones. */
  tool: JsonObject;
  arguments: JsonObject;
}

/**
 * Calls an agent's HTTP tool once with sample arguments, the way a turn would (arguments checked
 * against `parameters`, then the server's guarded runner), and answers what came back. The
 * definition may be unsaved: header values sent masked are those the agent's tool of that name has.
 */
export async function testAgentTool(
  context: EngineContext,
  agentId: string,
  input: ToolTestInput,
  signal?: AbortSignal,
): Promise<ToolCallOutcome> {
  const agent = await getAgentRecord(context, agentId);
  let withHeaders: JsonObject[];
  try {
    withHeaders = keepMaskedHeaders([input.tool], agent.tools);
  } catch (failure) {
    if (failure instanceof ParleyError && typeof failure.details.field === 'string') {
      throw invalidRequest(
        failure.details.field.replace(/^tools\.0\./, 'tool.'),
        String(failure.details.problem),
      );
    }
    throw failure;
  }
  const tool = withHeaders[0] ? toHttpTool(withHeaders[0]) : null;
  if (!tool) throw invalidRequest('tool', 'is not an HTTP tool');
  return callHttpTool(context, tool, input.arguments, signal);
}
