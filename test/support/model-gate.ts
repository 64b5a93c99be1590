import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Stands between Parley and the model server. Answers pass through, but after
 * `hold()` the next streamed answer stops after its first words (or its first
 * `wordsBefore` content chunks) until released: a turn that is certainly still
 * under way, with no timing involved.
 */
export async function startModelGate() {
  let target = '';
  let held: { until: Promise<void>; wordsBefore: number } | null = null;
  const releases: (() => void)[] = [];
  const server = createServer(async (request, response) => {
    const parts: Buffer[] = [];
    for await (const part of request) parts.push(part as Buffer);
    const gate = held;
    held = null;
    try {
      const upstream = await fetch(`${target}${(request.url ?? '/').replace(/^\/v1/, '')}`, {
        method: request.method,
        headers: { 'content-type': 'application/json' },
        body: request.method === 'GET' ? undefined : Buffer.concat(parts),
      });
      const contentType = upstream.headers.get('content-type') ?? 'application/json';
      response.writeHead(upstream.status, { 'content-type': contentType });
      if (!upstream.body) return void response.end();
      const decoder = new TextDecoder();
      let pending = '';
      let wordsPassed = 0;
      const reader = upstream.body.getReader();
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        pending += decoder.decode(read.value, { stream: true });
        const events = pending.split('\n\n');
        pending = events.pop() ?? '';
        for (const event of events) {
          if (gate && wordsPassed >= gate.wordsBefore) await gate.until;
          response.write(`${event}\n\n`);
          if (/"content":"[^"]/.test(event)) wordsPassed += 1;
        }
      }
      response.end(pending);
    } catch {
      response.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    forwardTo(url: string) {
      target = url;
    },
    /**
     * Holds the next streamed answer after its first `wordsBefore` content chunks (its first
     * words by default); call the result to let it go on.
     */
    hold(wordsBefore = 1): () => void {
      let release = () => {};
      const until = new Promise<void>((resolve) => {
        release = resolve;
      });
      held = { until, wordsBefore };
      releases.push(release);
      return release;
    },
    close() {
      for (const release of releases) release();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type ModelGate = Awaited<ReturnType<typeof startModelGate>>;
