import {
  type Engine,
  type MessageRecord,
  newId,
  ParleyError,
  put,
  type SessionRecord,
  toIso,
  type WriteOperation,
} from '@parley/engine';
import { writeRecordsThrough } from '@parley/engine/testing';
import { type SteppingClock, secretPrincipal, storeOf } from './engine-on-disk.js';

/** A varied history for the analytics tests: two apps over three days of turns, ratings, escalations, tools and ends, and the report windows to ask for. */

export const hour = 3_600_000;
export const day = 24 * hour;

/** A fixed pseudo-random sequence, so a failure can be replayed. */
export function sequence(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return Math.floor((state / 2_147_483_648) * below);
  };
}

export async function ignoringRefusals<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ParleyError) return undefined;
    throw error;
  }
}

export async function newApp(engine: Engine, name: string, ttlSeconds: number): Promise<string> {
  const agent = await engine.agents.create({ name: `${name} agent` } as never);
  const app = await engine.apps.create({
    name,
    agents: [agent.id],
    session_ttl_seconds: ttlSeconds,
  } as never);
  return app.id;
}

/** An answer that used tools and tokens, written through the engine's store as a turn writes one. */
export async function writeToolAnswer(
  engine: Engine,
  session: SessionRecord,
  at: number,
  random: (n: number) => number,
) {
  const tools = [['get_order_status'], ['search_knowledge', 'get_order_status'], ['escalate_to_human'], []][
    random(4)
  ] as string[];
  const answer: MessageRecord = {
    id: newId('msg'),
    thread_id: session.id,
    role: 'assistant',
    content: 'Order 12345 — status: shipped.',
    created_at: toIso(at),
    agent_id: null,
    agent_name: null,
    trace_id: newId('trace'),
    usage: { input_tokens: 100 + random(900), output_tokens: 10 + random(90) },
    status: random(5) === 0 ? 'incomplete' : 'complete',
    error: null,
    citations: [],
    applied_definitions: [],
    tools_used: tools,
    app_id: session.app_id,
    author: null,
    latency_ms: random(6) === 0 ? null : 300 + random(3000),
    feedback: null,
  };
  const operations: WriteOperation[] = [
    put('messages', answer),
    put('sessions', { ...session, message_count: session.message_count + 1, updated_at: toIso(at) }),
  ];
  await writeRecordsThrough(engine, operations);
}

/** Two apps, three days across midnight: turns, ratings changed back and forth, escalations, people answering, tools, ends and expiries. */
export async function writeVariedHistory(
  engine: Engine,
  clock: SteppingClock,
  appIds: string[],
  steps: number,
) {
  const random = sequence(7);
  const sessions: { appId: string; id: string }[] = [];
  for (let step = 0; step < steps; step += 1) {
    const appId = appIds[random(appIds.length)] as string;
    const mine = sessions.filter((session) => session.appId === appId);
    const pick = mine[mine.length - 1 - random(Math.min(3, mine.length))];
    const action = mine.length === 0 ? 0 : random(10);
    if (action === 0 || action === 1) {
      const result = await engine.execute(appId, { message: `Where is my order ${step}?` });
      sessions.push({ appId, id: result.session_id });
    } else if (action === 2 && pick) {
      await ignoringRefusals(() =>
        engine.execute(appId, { message: 'And the refund?', session_id: pick.id }),
      );
    } else if ((action === 3 || action === 4) && pick) {
      const answers = (await storeOf(engine).all('messages', { thread_id: pick.id })).filter(
        (message) => message.role === 'assistant',
      );
      const answer = answers[random(Math.max(1, answers.length))];
      if (answer)
        await engine.sessions.rate(appId, pick.id, answer.id, { rating: random(2) === 0 ? 'up' : 'down' });
    } else if (action === 5 && pick) {
      await ignoringRefusals(() => engine.sessions.escalate(appId, pick.id));
    } else if (action === 6 && pick) {
      if (random(2) === 0) await ignoringRefusals(() => engine.sessions.escalate(appId, pick.id));
      await ignoringRefusals(() =>
        engine.sessions.postHumanMessage(appId, pick.id, { content: 'Dana here.', author: 'Dana' }),
      );
      if (random(2) === 0) await ignoringRefusals(() => engine.sessions.resolve(appId, pick.id));
    } else if (action === 7 && pick) {
      const session = await storeOf(engine).get('sessions', pick.id);
      if (session) await writeToolAnswer(engine, session, clock.now(), random);
    } else if (action === 8 && pick) {
      await ignoringRefusals(() => engine.sessions.end(appId, pick.id));
    } else {
      clock.advance(random(3) === 0 ? 5 * hour + random(hour) : random(20) * 60_000);
      await engine.sessions.sweepExpired();
    }
    if (step % 10 === 0) {
      const agentId = (await storeOf(engine).get('apps', appId))?.agents[0] as string;
      await engine.agents.chat(agentId, { message: 'A question outside any app' } as never, secretPrincipal);
    }
  }
}

/** Windows of every kind: default, the whole history, whole hours, days, and ragged edges in the past. */
export function windowsFor(begin: number, now: number) {
  const middle = Math.floor((begin + now) / 2);
  const alignedMiddle = Math.floor(middle / hour) * hour;
  const midnight = Math.ceil(begin / day) * day;
  return [
    {},
    { interval: 'hour' as const },
    { from: toIso(begin - 2 * hour), to: toIso(now + hour), interval: 'hour' as const },
    { from: toIso(begin - 2 * hour), to: toIso(now + hour), interval: 'day' as const },
    { from: toIso(alignedMiddle - 5 * hour), to: toIso(alignedMiddle + 7 * hour), interval: 'hour' as const },
    { from: toIso(midnight - day), to: toIso(midnight + day), interval: 'day' as const },
    { from: toIso(midnight - 3 * hour), to: toIso(midnight + 2 * hour), interval: 'hour' as const },
    { from: toIso(middle - 4 * hour - 1_234_567), to: toIso(middle - 17_000), interval: 'hour' as const },
    { from: toIso(middle - 2 * day + 98_765), to: toIso(middle + 777_000), interval: 'day' as const },
  ];
}
