/**
 * The analytics report as it was computed before the hour buckets: every session and
 * message of the app read and counted on the main thread (the comparison for
 * `bench/analytics.ts`).
 */
import type { Store } from '@parley/engine';

export async function fullCountReport(store: Store, appId: string, from: number, to: number) {
  const totals = {
    sessions: 0,
    escalations: 0,
    messages: 0,
    user_messages: 0,
    assistant_messages: 0,
    human_agent_messages: 0,
    tool_calls: 0,
    input_tokens: 0,
    output_tokens: 0,
    feedback_up: 0,
    feedback_down: 0,
  };
  const toolUse: Record<string, number> = {};
  const latencies: number[] = [];
  const inside = (time: number) => time >= from && time < to;
  for (const session of await store.all('sessions', { app_id: appId })) {
    if (inside(Date.parse(session.created_at))) totals.sessions += 1;
    if (session.escalated_at && inside(Date.parse(session.escalated_at))) totals.escalations += 1;
  }
  for (const message of await store.all('messages', { app_id: appId })) {
    if (!inside(Date.parse(message.created_at))) continue;
    totals.messages += 1;
    if (message.role === 'user') totals.user_messages += 1;
    else if (message.role === 'assistant') totals.assistant_messages += 1;
    else totals.human_agent_messages += 1;
    totals.tool_calls += message.tools_used.length;
    for (const tool of message.tools_used) toolUse[tool] = (toolUse[tool] ?? 0) + 1;
    totals.input_tokens += message.usage?.input_tokens ?? 0;
    totals.output_tokens += message.usage?.output_tokens ?? 0;
    if (message.feedback?.rating === 'up') totals.feedback_up += 1;
    else if (message.feedback?.rating === 'down') totals.feedback_down += 1;
    if (message.role === 'assistant' && message.latency_ms !== null && message.status === 'complete')
      latencies.push(message.latency_ms);
  }
  latencies.sort((left, right) => left - right);
  return { totals, toolUse, latencies: latencies.length };
}
