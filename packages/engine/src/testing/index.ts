/**
 * `@parley/engine/testing`: what tests of the engine and its seams share, outside the engine's runtime
 * exports: a test engine (memory store, scripted model, fixed clock), record builders, and the store
 * and coordination contract suites.
 */
import type { SessionEvent } from '../bus/event-bus.js';
import type { EngineContext, Knowledge } from '../context.js';
import { Engine } from '../engine.js';
import type { AgentInput } from '../services/agents.js';
import type { AppInput } from '../services/apps.js';
import type { ToolRunner } from '../tools/http-tool.js';
import { FixedClock } from './fixed-clock.js';
import { MemoryStore } from './memory-store.js';
import { ScriptedModel } from './scripted-model.js';

export {
  type CoordinationHarness,
  type CoordinationNode,
  type CoordinationSettings,
  eventually,
  runCoordinationContract,
} from './coordination-contract/index.js';
export { FixedClock } from './fixed-clock.js';
export { MemoryStore } from './memory-store.js';
export { messageRecord, sessionRecord } from './records.js';
export { type ScriptedAnswer, ScriptedModel } from './scripted-model.js';
export { runStoreContract, type StoreHarness } from './store-contract.js';
export { writeRecordsThrough } from './write-records.js';

export interface TestEngineOptions {
  model?: ScriptedModel;
  clock?: FixedClock;
  toolRunner?: ToolRunner;
  knowledge?: Knowledge;
}

/** An engine on a memory store, a scripted model and a fixed clock, with what it announced recorded. */
export interface TestEngine {
  engine: Engine;
  /** The engine's internals, for unit tests of its parts (`runTurn`, routing). */
  context: EngineContext;
  store: MemoryStore;
  model: ScriptedModel;
  clock: FixedClock;
  /** Each wake-up of the webhook outbox: the ids of the deliveries one commit wrote. */
  outboxWakeUps: string[][];
  /** Every session event published (a person's reply, escalation, resolution). */
  sessionEvents: SessionEvent[];
}

/** A fresh engine for a unit test: nothing on disk, no network, time standing still. */
export function createTestEngine(options: TestEngineOptions = {}): TestEngine {
  const store = new MemoryStore();
  const model = options.model ?? new ScriptedModel();
  const clock = options.clock ?? new FixedClock();
  const engine = new Engine({
    store,
    model,
    clock,
    toolRunner: options.toolRunner,
    knowledge: options.knowledge,
  });
  const outboxWakeUps: string[][] = [];
  const sessionEvents: SessionEvent[] = [];
  const context = engine.context;
  context.bus.subscribe('outbox', (announced) => outboxWakeUps.push(announced.ids));
  context.bus.subscribe('sessions', (event) => sessionEvents.push(event));
  return { engine, context, store, model, clock, outboxWakeUps, sessionEvents };
}

/** An app answered by new agents (in this order), for tests that need one. */
export async function createTestApp(
  engine: Engine,
  agents: AgentInput[] = [{ name: 'Helper', system_prompt: 'You help.' }],
  app: Omit<AppInput, 'name' | 'agents'> = {},
) {
  const created = [];
  for (const agent of agents) created.push(await engine.agents.create(agent));
  const { id } = await engine.apps.create({
    name: 'Test app',
    agents: created.map((agent) => agent.id),
    ...app,
  });
  return { appId: id, agents: created };
}
