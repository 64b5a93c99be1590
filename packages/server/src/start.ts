import { randomUUID } from 'node:crypto';
import { claimLease, Engine, releaseLease, type Store } from '@parley/engine';
import { createKnowledge } from '@parley/knowledge';
import type { ServerConfig } from './config.js';
import { openCoordination } from './coordination.js';
import {
  type Demo,
  demoOrigins,
  demoPageSettings,
  openDemo,
  prepareDemo,
  trustDemoShop,
} from './demo/index.js';
import { createLogger, type Logger, logFailure } from './logger.js';
import { chooseEmbeddingModel, chooseModel } from './model.js';
import { openStore } from './open-store.js';
import { PlatformActivity } from './platforms/activity.js';
import { channelSource } from './platforms/channel-status.js';
import { createPlatforms } from './platforms/index.js';
import { createParleyServer, type ParleyServer } from './server.js';
import { createHttpToolRunner } from './tools/http-tool-runner.js';

export interface RunningParley {
  url: string;
  engine: Engine;
  /**
   * The store the engine runs on, as opened: for tools and tests that read records directly.
   * Writes that analytics and the expiry index must see go through the engine's commit (in tests,
   * `writeRecordsThrough` from `@parley/engine/testing`).
   */
  store: Store;
  /** Where the records are: the data folder, or the database and schema. */
  storeLocation: string;
  server: ParleyServer;
  /** The admin key, on the first start only. */
  createdAdminKey: string | null;
  /** `publishableKey` is null when an operator deleted the demo key or app: no demo page then. */
  demo: Demo;
  stop(): Promise<void>;
}

/**
 * Runs what a start writes once (the admin key, the first owner, the demo's records) while holding
 * the store's `start` lease, so nodes that start at once on one database make each of them once:
 * the others wait, then find them made. A node killed while holding it frees it when it lapses.
 */
async function oneStartAtATime<T>(store: Store, logger: Logger, task: () => Promise<T>): Promise<T> {
  const lease = { name: 'start', holder: randomUUID(), durationMs: 60_000 };
  let waited = false;
  while (!(await claimLease(store, lease, new Date()))) {
    if (!waited) logger.info('another node is starting on this store; waiting for it');
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  try {
    return await task();
  } finally {
    await releaseLease(store, lease).catch((error: unknown) =>
      logger.warn({ err: error }, 'the start lease could not be given back; it lapses by itself'),
    );
  }
}

/** Opens the store, makes the engine, serves it: everything `pnpm start` does but printing. */
export async function startParley(config: ServerConfig, logger: Logger = createLogger(config.logLevel)) {
  const opened = await openStore(config, logger);
  const { store } = opened;
  const embeddings = await chooseEmbeddingModel(config);
  if (config.embeddingsModel && !embeddings)
    logger.warn(
      'PARLEY_EMBEDDINGS_MODEL needs OPENAI_API_KEY or OPENAI_BASE_URL; retrieval stays lexical only',
    );
  // On PostgreSQL the passages stay in the database; embedded, this node indexes them all in memory.
  const sharedIndex = await opened.retrievalIndex(embeddings);
  const knowledge = createKnowledge(sharedIndex ? [] : await store.all('chunks'), {
    embeddings,
    readLimits: config.ingestion,
    ...(sharedIndex ? { index: sharedIndex } : {}),
  });
  const trustedOrigins = new Set<string>();
  const toolRunner = createHttpToolRunner({
    trustedOrigins,
    allowPrivate: config.allowPrivateUrls,
    timeoutMs: config.toolTimeoutMs,
  });
  const coordination = await openCoordination(config, logger);
  const engine = new Engine({
    ...coordination.engineOptions,
    store,
    model: await chooseModel(config),
    knowledge,
    toolRunner,
    retention: {
      sessionDays: config.sessionRetentionDays,
      conversationDays: config.conversationRetentionDays,
    },
  });
  const interrupted = await engine.documents.failInterrupted();
  if (interrupted > 0)
    logger.warn({ documents: interrupted }, 'documents left half-read by a stop were marked failed');
  let server: ParleyServer | undefined;
  try {
    const { boot, demo } = await oneStartAtATime(store, logger, async () => {
      const boot = await engine.bootstrap({ adminKey: config.adminKey });
      if (config.firstOwner) {
        const made = await engine.operators.ensureFirstOwner({ ...config.firstOwner, name: 'Owner' });
        if (made === 'created')
          logger.info({ email: config.firstOwner.email }, 'console owner created from PARLEY_ADMIN_EMAIL');
      }
      const demo = await prepareDemo(
        engine,
        opened,
        logger,
        demoOrigins(config.host, config.port),
        config.secretsKey,
      );
      return { boot, demo };
    });
    if (config.databaseUrl && !config.secretsKey && demo.publishableKey)
      logger.warn(
        'the demo key got a new secret at this start: other nodes on this database serve a stale one until they restart; set PARLEY_SECRETS_KEY (the same on every node)',
      );
    if (config.adminKey && boot.createdAdminKey === null) {
      const known = await engine.authenticate(config.adminKey).then(
        () => true,
        () => false,
      );
      if (!known) {
        logger.warn(
          'PARLEY_ADMIN_KEY is set but was not added: it is used only on the first start with an empty data folder',
        );
      }
    }
    const activity = new PlatformActivity();
    const platforms = await createPlatforms({ engine, logger, config, defaultAppId: demo.appId, activity });
    server = createParleyServer({
      engine,
      platforms,
      channels: channelSource(config, { defaultAppId: demo.appId, activity }),
      logger,
      bodyLimitBytes: config.bodyLimitBytes,
      publicIpLimit: config.publicIpLimit,
      authFailuresPerMinute: config.authFailuresPerMinute,
      trustProxy: config.trustProxy,
      publicUrl: config.publicUrl,
      policyFiles: config.policyFiles,
      drainTimeoutMs: config.drainTimeoutMs,
      drainLingerMs: config.drainLingerMs,
      allowPrivateUrls: config.allowPrivateUrls,
      webhookRetryBaseMs: config.webhookRetryBaseMs,
      webhookRetryMaxMs: config.webhookRetryMaxMs,
      sweepIntervalMs: config.sweepIntervalMs,
      deliveryRetentionDays: config.deliveryRetentionDays,
      uploadLimitBytes: config.uploadLimitBytes,
      demo: demoPageSettings(demo),
      counters: coordination.counters,
      readinessChecks: coordination.readinessChecks,
    });
    const url = await server.listen(config.port, config.host);
    const countingStarted = Date.now();
    engine.analyticsReady().then(
      () => logger.debug({ ms: Date.now() - countingStarted }, 'analytics counts ready'),
      (error: unknown) => logFailure(logger, error, 'counting stored history for analytics failed'),
    );
    trustDemoShop(trustedOrigins, url);
    await openDemo(engine, store, demo, url, { host: config.host, port: config.port });
    const running: RunningParley = {
      url,
      engine,
      store,
      storeLocation: opened.where,
      server,
      createdAdminKey: boot.createdAdminKey,
      demo,
      async stop() {
        await running.server.close();
        await engine.close();
        await coordination.close();
      },
    };
    // Listening: the records loaded from the snapshot are indexed now, between requests (one that needs an index first finishes it).
    opened.afterListen();
    return running;
  } catch (error) {
    await server?.close().catch(() => {});
    await engine.close();
    await coordination.close();
    throw error;
  }
}
