/** The printed report of a bench run: a markdown table of the measurements, then the checks. */
import { profileSummaryMarkdown } from './cpu-profile.js';
import type { Results } from './results.js';

export function markdown(results: Results): string {
  const lines: string[] = [];
  const { executeOverhead, firstToken, throughput, parleyMemory, storeWrite } = results;
  const m = results.machine;
  lines.push(
    `Machine: ${m.cpus} CPUs, ${m.model}, Node ${m.node}, ${m.memoryGiB} GiB, ${m.platform}; load average ` +
      `${results.loadAverage.before} before, ${results.loadAverage.after} after; commit ${results.commit ?? 'unknown'}, sources ${results.sourceFingerprint}` +
      (results.sourceFingerprintAtEnd === results.sourceFingerprint
        ? ''
        : ` (changed during the run, to ${results.sourceFingerprintAtEnd})`),
    '',
  );
  if (results.error) {
    lines.push(
      `**The run failed** (the parts before the failure are below): ${results.error.split('\n')[0]}`,
      '',
    );
  }
  lines.push('| Measurement | p50 | p90 | p99 | mean | n |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  const row = (
    label: string,
    value: { p50: number; p90: number; p99: number; mean: number },
    count: number | string,
  ) =>
    lines.push(
      `| ${label} | ${value.p50} | ${value.p90} | ${value.p99} | ${Number(value.mean.toFixed(3))} | ${count} |`,
    );
  if (executeOverhead) {
    row('POST execute, ms', executeOverhead.execute, executeOverhead.requests);
    row('Model server direct, ms', executeOverhead.modelDirect, executeOverhead.requests);
    row('**Execute overhead**, ms', executeOverhead.overhead, '');
  }
  if (firstToken) {
    row('execute/stream to first `token`, ms', firstToken.parleyFirstToken, firstToken.requests);
    row('Model server to first content chunk, ms', firstToken.modelFirstToken, firstToken.requests);
    row('**First-token overhead**, ms', firstToken.difference, '');
  }
  if (storeWrite) {
    row('Store write, empty store, µs', storeWrite.empty, storeWrite.writes);
    row(`Store write, ${storeWrite.filledMessages} messages, µs`, storeWrite.filled, storeWrite.writes);
  }
  lines.push('');
  if (throughput) {
    lines.push(
      `Throughput: ${throughput.requestsPerSecond} execute/s with ${throughput.connections} connections for ` +
        `${throughput.durationSeconds} s (${throughput.completed} answered; latency p50 ${throughput.latencyMs.p50} ms, ` +
        `p90 ${throughput.latencyMs.p90} ms, p99 ${throughput.latencyMs.p99} ms, max ${throughput.latencyMs.max} ms; ` +
        `non-2xx ${throughput.non2xx}, errors ${throughput.errors}, timeouts ${throughput.timeouts}). CPU share of one core: ` +
        `Parley ${throughput.cpu.parley.coreShare}, model server ${throughput.cpu.modelServer.coreShare}, ` +
        `load generator ${throughput.cpu.loadGenerator.coreShare}.`,
      '',
    );
  }
  if (throughput) {
    lines.push(
      `Parley CPU per answered execute under load: ${throughput.parleyCpuMsPerRequest} ms.` +
        (throughput.modelServerBaseline
          ? ` Same load straight at the model server (ceiling of a bare Node HTTP server here): ` +
            `${throughput.modelServerBaseline.requestsPerSecond} req/s, p50 ${throughput.modelServerBaseline.latencyMs.p50} ms.`
          : ''),
      '',
    );
  }
  if (results.modelClientCost) {
    lines.push(
      '| Model call from the bench process | CPU per call | p50 | p99 |',
      '| --- | ---: | ---: | ---: |',
    );
    for (const client of results.modelClientCost.clients) {
      lines.push(
        `| ${client.client} | ${client.cpuMicrosecondsPerCall} µs | ${client.latencyMs.p50} ms | ${client.latencyMs.p99} ms |`,
      );
    }
    lines.push('');
  }
  if (results.parleyData) {
    const data = results.parleyData;
    lines.push(
      `Parley data folder after ${data.executes} executes: ${data.totalMiB} MiB (${data.bytesPerExecute} bytes per ` +
        `execute), ${data.compactions} compaction(s).`,
      '',
    );
  }
  if (parleyMemory) {
    lines.push(
      `Parley memory: peak RSS (VmHWM) ${parleyMemory.peakRssMiB} MiB; RSS during the throughput run ` +
        `${throughput ? `${throughput.parleyRssMiB.first} → max ${throughput.parleyRssMiB.max} MiB` : 'not sampled'}.`,
      '',
    );
  }
  if (storeWrite) {
    lines.push(
      `Store: write ratio ${storeWrite.filledMessages} messages ÷ empty: mean ${storeWrite.ratio.mean}×, p50 ${storeWrite.ratio.p50}×, p99 ` +
        `${storeWrite.ratio.p99}×. CPU per write: ${storeWrite.cpuMicrosecondsPerWrite.empty} µs empty, ` +
        `${storeWrite.cpuMicrosecondsPerWrite.filled} µs filled (${storeWrite.cpuMicrosecondsPerWrite.ratio}×). compact() at ${storeWrite.filledMessages} messages: ${storeWrite.compaction.blockingMs} ms ` +
        `blocking the event loop, ${storeWrite.compaction.totalMs} ms in all (${storeWrite.compaction.snapshotMiB} MiB ` +
        `snapshot). Reopening that store: ${storeWrite.reopenMs} ms.`,
      '',
    );
  }
  lines.push('| Target | Result | Target | Pass |', '| --- | ---: | ---: | :---: |');
  for (const check of results.checks) {
    lines.push(`| ${check.name} | ${check.value} | ${check.target} | ${check.pass ? 'pass' : '**FAIL**'} |`);
  }
  const phases = Object.entries(results.interference);
  if (phases.length > 0) {
    lines.push(
      '',
      `CPU used by other programs during each phase (cores): ${phases
        .map(
          ([phase, seen]) =>
            `${phase} ${seen.otherProcessesCores}${seen.stealCores > 0 ? ` (steal ${seen.stealCores})` : ''}`,
        )
        .join(', ')}.`,
    );
  }
  if (results.offlineModel) {
    const offline = results.offlineModel;
    lines.push(
      '',
      `Diagnostic, Parley with its built-in offline model (no upstream call): sequential execute p50 ` +
        `${offline.sequential.p50} ms, p99 ${offline.sequential.p99} ms; ${offline.throughput.requestsPerSecond} ` +
        `execute/s with ${offline.throughput.connections} connections (p50 ${offline.throughput.latencyMs.p50} ms, ` +
        `p99 ${offline.throughput.latencyMs.p99} ms, non-2xx ${offline.throughput.non2xx}); Parley CPU per execute ` +
        `${offline.throughput.parleyCpuMsPerRequest} ms.`,
    );
  }
  if (results.cpuProfile) lines.push('', profileSummaryMarkdown(results.cpuProfile));
  return lines.join('\n');
}
