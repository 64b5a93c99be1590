/**
 * Diagnostic: what one model call costs the caller's CPU, by client. Parley calls the model through
 * `OpenAiChatModel` (the openai SDK over the global `fetch`); this times the same sequential,
 * non-streaming calls from the bench process through that class, through bare `fetch`, and through
 * the keep-alive `node:http` client, and divides the process's CPU time by the number of calls.
 */
import { performance } from 'node:perf_hooks';
import { OpenAiChatModel } from '@parley/model-openai';
import { keepAliveClient } from './http-client.js';
import { rounded, type Summary, summarize } from './stats.js';
import { type BenchTargets, modelPath } from './targets.js';

export interface ClientCost {
  client: string;
  calls: number;
  /** CPU time of the bench process per call (user + system), in microseconds. */
  cpuMicrosecondsPerCall: number;
  latencyMs: Summary;
}

export interface ModelClientCostResult {
  clients: ClientCost[];
}

async function measure(
  client: string,
  calls: number,
  warmup: number,
  call: () => Promise<void>,
): Promise<ClientCost> {
  for (let index = 0; index < warmup; index++) await call();
  const samples: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let index = 0; index < calls; index++) {
    const started = performance.now();
    await call();
    samples.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    client,
    calls,
    cpuMicrosecondsPerCall: Math.round((cpu.user + cpu.system) / calls),
    latencyMs: rounded(summarize(samples), 3),
  };
}

export async function measureModelClientCost(
  targets: BenchTargets,
  options: { calls: number; warmupCalls: number },
): Promise<ModelClientCostResult> {
  const body = targets.modelRequestBody as {
    model: string;
    messages: { role: 'system' | 'user'; content: string }[];
    temperature: number;
    max_tokens: number;
  };
  const bodyText = JSON.stringify(body);
  const url = `${targets.modelOrigin}${modelPath}`;
  const model = new OpenAiChatModel({
    baseUrl: `${targets.modelOrigin}/v1`,
    apiKey: 'x',
    defaultModel: body.model,
  });
  const http = keepAliveClient(targets.modelOrigin, { authorization: 'Bearer x' });
  const expectEcho = (text: string) => {
    if (!text.startsWith('Echo: ')) throw new Error(`Unexpected model answer: ${text.slice(0, 200)}`);
  };
  try {
    const clients = [
      await measure(
        'node:http keep-alive (the bench client)',
        options.calls,
        options.warmupCalls,
        async () => {
          const answered = await http.post(modelPath, bodyText);
          if (answered.status !== 200) throw new Error(`model server answered ${answered.status}`);
        },
      ),
      await measure('global fetch (undici), JSON body', options.calls, options.warmupCalls, async () => {
        const response = await fetch(url, {
          method: 'POST',
          headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
          body: bodyText,
        });
        const parsed = (await response.json()) as { choices: { message: { content: string } }[] };
        expectEcho(parsed.choices[0]?.message.content ?? '');
      }),
      await measure(
        'OpenAiChatModel.generate (openai SDK over fetch)',
        options.calls,
        options.warmupCalls,
        async () => {
          const result = await model.generate({
            model: body.model,
            messages: body.messages,
            temperature: body.temperature,
            maxTokens: body.max_tokens,
          });
          expectEcho(result.text);
        },
      ),
    ];
    return { clients };
  } finally {
    http.close();
  }
}
