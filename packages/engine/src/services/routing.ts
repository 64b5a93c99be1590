import type { EngineContext } from '../context.js';
import { ParleyError } from '../errors.js';
import { keywords } from '../knowledge/excerpt.js';
import type { AgentRecord, AppRecord, SessionRecord } from '../types.js';
import { getAgentRecord } from './agents.js';

function overlap(question: Set<string>, agent: AgentRecord): number {
  let shared = 0;
  for (const word of keywords(`${agent.name} ${agent.description}`)) if (question.has(word)) shared += 1;
  return shared;
}

/** The agent whose name and description share clearly the most words with the question, or null. */
export function matchByDescription(agents: AgentRecord[], question: string): AgentRecord | null {
  const asked = keywords(question);
  const ranked = agents
    .map((agent) => ({ agent, score: overlap(asked, agent) }))
    .sort((left, right) => right.score - left.score);
  const [best, second] = ranked;
  if (!best || best.score === 0 || (second && second.score === best.score)) return null;
  return best.agent;
}

/** Asks the model which agent fits; null when its answer names none. */
async function askModel(
  context: EngineContext,
  agents: AgentRecord[],
  question: string,
): Promise<AgentRecord | null> {
  const listed = agents.map(
    (agent, index) => `${index + 1}. ${agent.name}: ${agent.description || 'no description'}`,
  );
  const result = await context.model.generate({
    model: null,
    temperature: 0,
    maxTokens: 8,
    messages: [
      {
        role: 'system',
        content:
          'You route a customer question to the agent that should answer it. Reply with the number of the agent only.\n' +
          listed.join('\n'),
      },
      { role: 'user', content: question },
    ],
  });
  const number = Number(/\d+/.exec(result.text)?.[0]);
  return agents[number - 1] ?? agents.find((agent) => result.text.includes(agent.name)) ?? null;
}

/**
 * Picks the agent that answers a turn of an app. `first`: always the first.
 * `auto`: a clear match between the question and an agent's name and
 * description decides; otherwise the model chooses (unless it says it cannot:
 * `choosesAgents: false`), else the session keeps the agent that answered last, else the first.
 */
export async function chooseAgent(
  context: EngineContext,
  app: AppRecord,
  session: SessionRecord,
  question: string,
): Promise<AgentRecord> {
  const firstAgentId = app.agents[0];
  if (firstAgentId === undefined) {
    throw new ParleyError('invalid_request', 'This app has no agents: add one with PATCH /v1/apps/:app_id', {
      app_id: app.id,
      field: 'agents',
    });
  }
  if (app.routing === 'first' || app.agents.length === 1) return getAgentRecord(context, firstAgentId);
  const agents = await Promise.all(app.agents.map((agentId) => getAgentRecord(context, agentId)));
  const matched = matchByDescription(agents, question);
  if (matched) return matched;
  if (context.model.choosesAgents !== false) {
    const picked = await askModel(context, agents, question).catch(() => null);
    if (picked) return picked;
  }
  const previous = agents.find((agent) => agent.id === session.last_agent_id);
  return previous ?? (agents[0] as AgentRecord);
}
