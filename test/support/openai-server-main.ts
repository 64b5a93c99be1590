/**
 * Runs the OpenAI test server on its own, for benchmarks: `PORT=0 tsx test/support/openai-server-main.ts`.
 * Prints one line, `OPENAI_TEST_SERVER <url>`, and closes on SIGTERM or SIGINT.
 */
import { startOpenAiTestServer } from './openai-server.js';

const server = await startOpenAiTestServer({ port: Number(process.env['PORT'] ?? 0), recordRequests: false });
process.stdout.write(`OPENAI_TEST_SERVER ${server.url}\n`);

let closing = false;
async function shutDown(): Promise<void> {
  if (closing) return;
  closing = true;
  await server.close();
  process.exit(0);
}

process.on('SIGTERM', shutDown);
process.on('SIGINT', shutDown);
