/**
 * Hostile and very large uploads (issue 9, item 8): each file is uploaded to a fresh Parley server
 * process while a probe (a cheap authenticated GET of the document) is sent over and over, one always
 * in flight, until the document is no longer `processing`. Reports how long the upload itself took to
 * be answered, the slowest probe (both seen from outside, so they include this machine's scheduling),
 * the longest event-loop delay inside the server (monitorEventLoopDelay, event-loop-reporter.mjs),
 * the server's peak RSS (VmHWM), the time to the end state, and that state. A first row probes an
 * idle server for 15 s: how slow a probe gets here when the server has nothing else to do.
 * Standalone: `pnpm bench:hostile-ingestion`; the files test/hostile-ingestion.test.ts uploads, in
 * under a minute: `BENCH_HOSTILE_ONLY=bomb-45mb,deep-160k,big-legit pnpm bench:hostile-ingestion`.
 *
 * BENCH_PARLEY_ROOT=<another checkout> measures that checkout's server instead (the code before a
 * change); BENCH_HOSTILE_LIMIT_S (default 180) stops waiting for one file; BENCH_HOSTILE_ONLY picks
 * files by parts of their names, comma-separated.
 */
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { randomToken } from '@parley/engine';
import { docxBomb, nestedHtml, textHeavyPdf, wordsLine } from '../test/support/hostile-documents.js';
import {
  installCleanup,
  procStatusBytes,
  removeTemporaryFolder,
  repositoryRoot,
  spawnChild,
  stopChild,
  temporaryFolder,
} from './processes.js';
import { summarize } from './stats.js';

const root = path.resolve(process.env.BENCH_PARLEY_ROOT ?? repositoryRoot);
const limitMs = Number(process.env.BENCH_HOSTILE_LIMIT_S ?? 180) * 1000;
const probeTimeoutMs = 30_000;
const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

interface HostileFile {
  name: string;
  what: string;
  type: string;
  /** Null: no upload, the probes run against an idle server for `idleProbeMs` (how noisy the machine is). */
  make(): Uint8Array | null;
}

const idleProbeMs = 15_000;

/** One page whose content stream draws the same line `lines` times: tens of MB that compress to little. */
function oneHugeStreamPdf(lines: number): Uint8Array {
  return textHeavyPdf(
    1,
    lines,
    () => 'Returns are accepted within thirty days of delivery, with the receipt.',
  );
}

const files: HostileFile[] = [
  { name: 'idle', what: 'none (idle server, 15 s of probes)', type: '', make: () => null },
  { name: 'bomb-20mb.docx', what: 'DOCX, 20 MB of XML unzipped', type: docxType, make: () => docxBomb(20) },
  { name: 'bomb-45mb.docx', what: 'DOCX, 45 MB of XML unzipped', type: docxType, make: () => docxBomb(45) },
  {
    name: 'deep-160k.html',
    what: 'HTML, 160,000 nested <div>',
    type: 'text/html',
    make: () => nestedHtml(160_000),
  },
  {
    name: 'deep-1.4m.html',
    what: 'HTML, 1.4 million nested <div>',
    type: 'text/html',
    make: () => nestedHtml(1_400_000),
  },
  {
    name: 'huge-stream.pdf',
    what: 'PDF, one page with a 60 MB content stream',
    type: 'application/pdf',
    make: () => oneHugeStreamPdf(700_000),
  },
  {
    name: 'big-legit.pdf',
    what: 'PDF, 20 pages, 4.4 million characters',
    type: 'application/pdf',
    make: () => textHeavyPdf(20, 3000, wordsLine),
  },
];

interface Outcome {
  file: HostileFile;
  bytes: number;
  /** How long the upload itself took to be answered (before the fix, reading could start first). */
  uploadMs: number;
  slowestProbeMs: number;
  /** The median probe: a typical answer while the file is read. */
  medianProbeMs: number;
  longestDelayMs: number;
  probes: number;
  endedAfterMs: number;
  state: string;
  peakRssMiB: number | null;
}

function peakRssMiB(pid: number): number | null {
  const bytes = procStatusBytes(pid, 'VmHWM');
  return bytes === null ? null : Math.round(bytes / 1024 / 1024);
}

async function measure(file: HostileFile): Promise<Outcome> {
  const bytes = file.make();
  const dataDirectory = temporaryFolder('parley-hostile-bench-');
  const adminKey = `sk_bench_${randomToken(32)}`;
  const server = spawnChild({
    name: 'parley',
    nodeFlags: ['--import', pathToFileURL(path.join(import.meta.dirname, 'event-loop-reporter.mjs')).href],
    script: path.join(root, 'packages/server/src/main.ts'),
    environment: {
      PORT: '0',
      PARLEY_DATA_DIR: dataDirectory,
      PARLEY_ADMIN_KEY: adminKey,
      OPENAI_API_KEY: '',
      OPENAI_BASE_URL: '',
      LOG_LEVEL: 'info',
    },
  });
  try {
    const url = (await server.waitForLine(/"msg":"Parley ready at (http:\/\/[^"]+)"/, 60_000))[1]!;
    const headers = { authorization: `Bearer ${adminKey}` };
    const datastore = await (
      await fetch(`${url}/v1/datastores`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Hostile' }),
      })
    ).json();
    // The demo documents are read on a first start: let them finish, so only the hostile file is measured.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // The server's own longest event-loop delay from the upload on (see event-loop-reporter.mjs).
    let longestDelayMs = 0;
    const readDelays = (text: Buffer | string) => {
      for (const match of String(text).matchAll(/event-loop-delay-max-ms ([\d.]+)/g)) {
        longestDelayMs = Math.max(longestDelayMs, Number(match[1]));
      }
    };
    server.process.stdout?.on('data', readDelays);
    const started = performance.now();
    let probePath = '/healthz';
    let uploadMs = 0;
    if (bytes) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(bytes)], { type: file.type }), file.name);
      try {
        const uploaded = await (
          await fetch(`${url}/v1/datastores/${datastore.id}/documents`, {
            method: 'POST',
            headers,
            body: form,
            signal: AbortSignal.timeout(limitMs),
          })
        ).json();
        probePath = `/v1/datastores/${datastore.id}/documents/${uploaded.id}`;
        uploadMs = performance.now() - started;
      } catch {
        // The server held the upload's own answer (it started reading first) for the whole limit.
        return {
          file,
          bytes: bytes.byteLength,
          uploadMs: performance.now() - started,
          slowestProbeMs: 0,
          medianProbeMs: 0,
          longestDelayMs,
          probes: 0,
          endedAfterMs: performance.now() - started,
          state: `upload not answered within ${limitMs / 1000} s (stopped)`,
          peakRssMiB: peakRssMiB(server.pid),
        };
      }
    }
    const probeTimes: number[] = [];
    let state = `still processing after ${limitMs / 1000} s (stopped)`;
    while (performance.now() - started < (bytes ? limitMs : idleProbeMs)) {
      const probeStarted = performance.now();
      let document: { status: string; error: string | null } | null = null;
      try {
        const response = await fetch(`${url}${probePath}`, {
          headers,
          signal: AbortSignal.timeout(probeTimeoutMs),
        });
        document = await response.json();
      } catch {
        if (server.process.exitCode !== null || server.process.signalCode !== null) {
          state = 'server process died';
          break;
        }
      }
      probeTimes.push(performance.now() - probeStarted);
      if (!bytes) state = 'idle';
      else if (document && document.status !== 'processing') {
        state = document.status === 'failed' ? `failed: ${document.error}` : document.status;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    // The last report (at most 250 ms later) covers the end of the reading.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const probeSummary = summarize(probeTimes);
    return {
      file,
      bytes: bytes?.byteLength ?? 0,
      uploadMs,
      slowestProbeMs: probeTimes.length === 0 ? 0 : probeSummary.max,
      medianProbeMs: probeTimes.length === 0 ? 0 : probeSummary.p50,
      longestDelayMs,
      probes: probeTimes.length,
      endedAfterMs: performance.now() - started,
      state,
      peakRssMiB: peakRssMiB(server.pid),
    };
  } finally {
    await stopChild(server, 5_000);
    removeTemporaryFolder(dataDirectory);
  }
}

installCleanup();
const only = process.env.BENCH_HOSTILE_ONLY;
const { execSync } = await import('node:child_process');
process.stdout.write(`Server code: ${root}\nuptime: ${execSync('uptime').toString().trim()}\n\n`);
process.stdout.write(
  '| file | size | upload answered (ms) | median probe (ms) | slowest probe (ms) | longest event-loop delay (ms) | probes | ended after (s) | peak RSS (MiB) | end state |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|\n',
);
const wanted = (name: string) => !only || only.split(',').some((part) => name.includes(part));
for (const file of files.filter((candidate) => wanted(candidate.name))) {
  const outcome = await measure(file);
  process.stdout.write(
    `| ${file.what} | ${(outcome.bytes / 1024).toFixed(0)} KiB | ${outcome.uploadMs.toFixed(0)} | ${outcome.medianProbeMs.toFixed(0)} | ${outcome.slowestProbeMs.toFixed(0)} | ${outcome.longestDelayMs.toFixed(0)} | ${outcome.probes} | ${(outcome.endedAfterMs / 1000).toFixed(1)} | ${outcome.peakRssMiB ?? '?'} | ${outcome.state} |\n`,
  );
}
process.stdout.write(`\nuptime: ${execSync('uptime').toString().trim()}\n`);
