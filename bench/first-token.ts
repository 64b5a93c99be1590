/**
 * 3. Time to the first SSE token: sequential POST /v1/apps/:id/execute/stream (a new session each
 * time), from the request's start to the first chunk holding `event: token`; against the model
 * server's own time to its first content chunk for the same request with `stream: true`.
 */
import { keepAliveClient } from './http-client.js';
import { differenceOf, rounded, type Summary, summarize } from './stats.js';
import { authorization, type BenchTargets, executeBody, executePath, modelPath } from './targets.js';

export interface FirstTokenOptions {
  warmupRequests: number;
  requests: number;
  timeLimitMs: number;
}

export interface FirstTokenResult {
  requests: number;
  parleyFirstToken: Summary;
  modelFirstToken: Summary;
  /** percentile(Parley) − percentile(model), in ms. */
  difference: { p50: number; p90: number; p99: number; mean: number };
}

/** The first chunk whose `delta.content` is not empty (the role chunk before it carries `"content":""`). */
const modelContentChunk = /"delta":\{[^}]*"content":"[^"]/;

export async function measureFirstToken(
  targets: BenchTargets,
  options: FirstTokenOptions,
): Promise<FirstTokenResult> {
  const parley = keepAliveClient(targets.parleyUrl, authorization(targets));
  const model = keepAliveClient(targets.modelOrigin, { authorization: 'Bearer x' });
  const modelBody = JSON.stringify({
    ...targets.modelRequestBody,
    stream: true,
    stream_options: { include_usage: true },
  });
  const streamPath = executePath(targets, true);
  const parleyTimes: number[] = [];
  const modelTimes: number[] = [];
  try {
    const once = async (record: boolean) => {
      const answered = await parley.post(streamPath, executeBody, (received) =>
        received.includes('event: token'),
      );
      if (answered.status !== 200 || answered.markerMs === null || !answered.text.includes('event: done')) {
        throw new Error(`execute/stream answered ${answered.status}: ${answered.text.slice(0, 300)}`);
      }
      const direct = await model.post(modelPath, modelBody, (received) => modelContentChunk.test(received));
      if (direct.status !== 200 || direct.markerMs === null || !direct.text.includes('data: [DONE]')) {
        throw new Error(`model server stream answered ${direct.status}: ${direct.text.slice(0, 300)}`);
      }
      if (record) {
        parleyTimes.push(answered.markerMs);
        modelTimes.push(direct.markerMs);
      }
    };
    for (let index = 0; index < options.warmupRequests; index++) await once(false);
    const deadline = Date.now() + options.timeLimitMs;
    for (let index = 0; index < options.requests && Date.now() < deadline; index++) await once(true);
  } finally {
    parley.close();
    model.close();
  }
  const parleySummary = summarize(parleyTimes);
  const modelSummary = summarize(modelTimes);
  return {
    requests: parleyTimes.length,
    parleyFirstToken: rounded(parleySummary, 3),
    modelFirstToken: rounded(modelSummary, 3),
    difference: differenceOf(parleySummary, modelSummary),
  };
}
