/**
 * 1. Server overhead on execute, one client: sequential POST /v1/apps/:id/execute (a new session
 * each time) against sequential POSTs of the same model request straight to the model server.
 * The two are interleaved request by request, so both see the same machine state.
 */
import { keepAliveClient } from './http-client.js';
import { differenceOf, rounded, type Summary, summarize } from './stats.js';
import { authorization, type BenchTargets, executeBody, executePath, modelPath } from './targets.js';

export interface ExecuteOverheadOptions {
  warmupRequests: number;
  requests: number;
  /** Stop measuring after this long even if `requests` are not done. */
  timeLimitMs: number;
}

export interface ExecuteOverheadResult {
  requests: number;
  execute: Summary;
  modelDirect: Summary;
  /** percentile(execute) − percentile(model direct), in ms. */
  overhead: { p50: number; p90: number; p99: number; mean: number };
}

export async function measureExecuteOverhead(
  targets: BenchTargets,
  options: ExecuteOverheadOptions,
): Promise<ExecuteOverheadResult> {
  const parley = keepAliveClient(targets.parleyUrl, authorization(targets));
  const model = keepAliveClient(targets.modelOrigin, { authorization: 'Bearer x' });
  const modelBody = JSON.stringify(targets.modelRequestBody);
  const execute = executePath(targets);
  const executeTimes: number[] = [];
  const modelTimes: number[] = [];
  try {
    const once = async (record: boolean) => {
      const answered = await parley.post(execute, executeBody);
      if (answered.status !== 200 || !answered.text.includes('"response":"Echo: ')) {
        throw new Error(`execute answered ${answered.status}: ${answered.text.slice(0, 300)}`);
      }
      const direct = await model.post(modelPath, modelBody);
      if (direct.status !== 200)
        throw new Error(`model server answered ${direct.status}: ${direct.text.slice(0, 300)}`);
      if (record) {
        executeTimes.push(answered.totalMs);
        modelTimes.push(direct.totalMs);
      }
    };
    for (let index = 0; index < options.warmupRequests; index++) await once(false);
    const deadline = Date.now() + options.timeLimitMs;
    for (let index = 0; index < options.requests && Date.now() < deadline; index++) await once(true);
  } finally {
    parley.close();
    model.close();
  }
  const executeSummary = summarize(executeTimes);
  const modelSummary = summarize(modelTimes);
  return {
    requests: executeTimes.length,
    execute: rounded(executeSummary, 3),
    modelDirect: rounded(modelSummary, 3),
    overhead: differenceOf(executeSummary, modelSummary),
  };
}
