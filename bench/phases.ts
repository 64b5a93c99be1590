/** The bench's phases in order: the store in this process, then the servers, then the offline model. */
import { summarizeCpuProfile } from './cpu-profile.js';
import { measureExecuteOverhead } from './execute-overhead.js';
import { measureFirstToken } from './first-token.js';
import { measureModelClientCost } from './model-client-cost.js';
import { measureOfflineModel } from './offline-model.js';
import { procStatusBytes, stopChild, watchInterference } from './processes.js';
import { dataFolderSummary, executesSent, type Results } from './results.js';
import {
  mainThreadProfile,
  type StartedParley,
  startModelServer,
  startParleyProcess,
  targetsOf,
} from './servers.js';
import { log, runs, sequentialTimeLimitMs, settings, toMiB } from './settings.js';
import { measureStoreWrites } from './store-write.js';
import type { BenchTargets } from './targets.js';
import { measureThroughput } from './throughput.js';

export async function runParts(results: Results): Promise<void> {
  // The store micro-benchmark first, while the machine is fresh (no servers, no dirty page cache).
  if (runs('store')) {
    log(
      `store writes: ${settings.storeWrites} on an empty store, then on ${settings.storeMessages} messages ` +
        `in ${settings.storeSessions} sessions`,
    );
    const watch = watchInterference([]);
    results.storeWrite = await measureStoreWrites({
      writes: settings.storeWrites,
      warmupWrites: Math.min(settings.storeWrites, 2000),
      filledMessages: settings.storeMessages,
      filledSessions: settings.storeSessions,
    });
    results.interference['store'] = watch();
  }

  if (runs('overhead') || runs('first-token') || runs('model-client') || runs('throughput')) {
    log('starting the model server and Parley');
    const model = await startModelServer();
    let parley: StartedParley | undefined;
    try {
      parley = await startParleyProcess(model.url, settings.cpuProfile);
      await measureAgainstServers(results, targetsOf(parley, model), parley.dataDirectory);
    } finally {
      if (parley) await stopChild(parley.child);
      await parley?.dropDatabase();
      await stopChild(model.child);
    }
    if (settings.cpuProfile) {
      const profile = mainThreadProfile(parley.child.pid);
      if (profile) results.cpuProfile = summarizeCpuProfile(profile, 25);
      else log('no CPU profile was written');
    }
  }

  if (runs('offline')) {
    log('Parley with the built-in offline model: 1000 sequential executes, then the throughput load');
    const parley = await startParleyProcess(null, false);
    try {
      const watch = watchInterference([parley.child.pid]);
      results.offlineModel = await measureOfflineModel(targetsOf(parley, null), {
        warmupRequests: settings.warmupRequests,
        requests: 1000,
        connections: settings.connections,
        durationSeconds: Math.min(settings.durationSeconds, 10),
        warmupSeconds: settings.warmupSeconds,
      });
      results.interference['offline'] = watch();
    } finally {
      await stopChild(parley.child);
      await parley.dropDatabase();
    }
  }
}

/** The measurements against Parley with the model server behind it, in order. */
async function measureAgainstServers(
  results: Results,
  targets: BenchTargets,
  dataDirectory: string,
): Promise<void> {
  const pids = [targets.parleyPid, targets.modelPid];
  if (runs('overhead')) {
    log(
      `execute overhead: ${settings.warmupRequests} warm-up, then ${settings.requests} sequential requests`,
    );
    const watch = watchInterference(pids);
    results.executeOverhead = await measureExecuteOverhead(targets, {
      warmupRequests: settings.warmupRequests,
      requests: settings.requests,
      timeLimitMs: sequentialTimeLimitMs,
    });
    results.interference['overhead'] = watch();
  }
  if (runs('first-token')) {
    const warmup = Math.min(settings.warmupRequests, 200);
    log(`first token: ${warmup} warm-up, then ${settings.streamRequests} streams`);
    const watch = watchInterference(pids);
    results.firstToken = await measureFirstToken(targets, {
      warmupRequests: warmup,
      requests: settings.streamRequests,
      timeLimitMs: sequentialTimeLimitMs,
    });
    results.interference['first-token'] = watch();
  }
  if (runs('model-client')) {
    log('model client cost: 2000 calls per client from the bench process, after 1500 warm-up calls');
    const watch = watchInterference(pids);
    results.modelClientCost = await measureModelClientCost(targets, { calls: 2000, warmupCalls: 1500 });
    results.interference['model-client'] = watch();
  }
  if (runs('throughput')) {
    log(
      `throughput: ${settings.baselineSeconds} s on the model server alone, then ${settings.connections} ` +
        `connections on Parley, ${settings.warmupSeconds} s warm-up, ${settings.durationSeconds} s measured`,
    );
    const watch = watchInterference(pids);
    results.throughput = await measureThroughput(targets, {
      connections: settings.connections,
      durationSeconds: settings.durationSeconds,
      warmupSeconds: settings.warmupSeconds,
      rssSampleIntervalMs: 200,
      baselineSeconds: settings.baselineSeconds,
    });
    results.interference['throughput'] = watch();
  }
  results.parleyMemory = {
    peakRssMiB: toMiB(procStatusBytes(targets.parleyPid, 'VmHWM')),
    rssAtEndMiB: toMiB(procStatusBytes(targets.parleyPid, 'VmRSS')),
  };
  results.parleyData = dataFolderSummary(dataDirectory, executesSent(results));
}
