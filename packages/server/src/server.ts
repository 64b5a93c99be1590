import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Engine } from '@parley/engine';
import type { PlatformReceiver } from '@parley/receiver';
import { Server as SocketServer } from 'socket.io';
import type { PolicyFiles } from './config.js';
import { attachConsoleSocket } from './console-socket/console-socket.js';
import type { DemoSettings } from './demo/index.js';
import type { CounterFactory } from './edge/rate-limits/counters.js';
import { FailedAuthenticationThrottle } from './edge/rate-limits/failed-authentication.js';
import { countersOf, type RateLimitCounters, RateLimiter } from './edge/rate-limits/plan-limit.js';
import { type SignInLimits, SignInThrottle } from './edge/rate-limits/sign-in.js';
import { createHttpApp } from './http/create-http-app.js';
import { Drain } from './http/drain.js';
import type { ReadinessCheck } from './http/readiness.js';
import { type Logger, logFailure } from './logger.js';
import { type ChannelSource, noChannels } from './platforms/channel-status.js';
import { releaseHandshakeRequests } from './socket/handshake-requests.js';
import { attachWidgetSocket } from './socket/socket-server.js';
import { startDeliveryRetention } from './webhooks/delivery-retention.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { checkWebhookUrl } from './webhooks/private-address.js';

export const parleyVersion = '0.1.0';

export interface ParleyServerOptions {
  engine: Engine;
  logger: Logger;
  bodyLimitBytes?: number;
  publicIpLimit?: { per_minute: number; per_day: number };
  /** Failed authentications one client IP may make per minute (20 by default; 0: no limit). */
  authFailuresPerMinute?: number;
  trustProxy?: string | false;
  publicUrl?: string;
  /** On stop: how long requests and socket turns in flight may take to finish (20 s). */
  drainTimeoutMs?: number;
  /** On stop: how long the port stays open answering 503 once nothing is in flight (1 s; 0 in tests). */
  drainLingerMs?: number;
  /** The operator's texts for /privacy and /terms (the built-in ones without). */
  policyFiles?: PolicyFiles;
  demo?: DemoSettings;
  rateLimitCounters?: RateLimitCounters;
  /** What every limit counts with (plan, IP, socket connections, failed authentications): memory by default, Redis shared by the nodes. */
  counters?: CounterFactory;
  /** Dependencies `/readyz` asks besides the store (Redis when configured). */
  readinessChecks?: ReadinessCheck[];
  allowPrivateUrls?: boolean;
  webhookRetryBaseMs?: number;
  webhookRetryMaxMs?: number;
  uploadLimitBytes?: number;
  /** How often expired sessions are ended; 0 turns the sweeper off. */
  sweepIntervalMs?: number;
  /** How often escalations nobody took are checked against their app's handoff timeout (1 s); 0: off. */
  handoffSweepIntervalMs?: number;
  /** Delivered webhook deliveries are removed this many days after they got through; 0 keeps them (default 30). */
  deliveryRetentionDays?: number;
  /** Chat platforms (Slack, Teams), started once the server listens. */
  platforms?: PlatformReceiver[];
  /** What the Channels routes show of the platforms; none configured by default. */
  channels?: ChannelSource;
  /** Failed console sign-ins allowed per email and per address (10 and 50 per 15 minutes by default). */
  signInLimits?: SignInLimits;
}

export interface ParleyServer {
  httpServer: HttpServer;
  io: SocketServer;
  dispatcher: WebhookDispatcher;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Express for the API, Socket.IO for the widget, on one HTTP server. */
export function createParleyServer(options: ParleyServerOptions): ParleyServer {
  const allowPrivateUrls = options.allowPrivateUrls ?? false;
  const dispatcher = new WebhookDispatcher({
    outbox: options.engine.outbox,
    logger: options.logger,
    allowPrivateUrls,
    retryBaseMs: options.webhookRetryBaseMs,
    retryMaxMs: options.webhookRetryMaxMs,
  });
  const stopNudging = options.engine.outbox.onWritten((deliveryIds) => dispatcher.nudge(deliveryIds));
  let stopDeliveryRetention = () => {};
  const sweepIntervalMs = options.sweepIntervalMs ?? 10_000;
  const sweeper =
    sweepIntervalMs > 0
      ? setInterval(() => {
          options.engine.sessions
            .sweepExpired()
            .then(() => options.engine.pruneHistory())
            .catch((error: unknown) => {
              logFailure(options.logger, error, 'session sweep failed');
            });
        }, sweepIntervalMs)
      : undefined;
  sweeper?.unref();
  // Handoff timeouts are read from memory (the escalated sessions nobody took): cheap, so often.
  const handoffSweepIntervalMs = options.handoffSweepIntervalMs ?? 1_000;
  const handoffSweeper =
    handoffSweepIntervalMs > 0
      ? setInterval(() => {
          options.engine.sessions.sweepHandoffTimeouts().catch((error: unknown) => {
            logFailure(options.logger, error, 'handoff timeout sweep failed');
          });
        }, handoffSweepIntervalMs)
      : undefined;
  handoffSweeper?.unref();
  const limiter = new RateLimiter(
    options.publicIpLimit ?? { per_minute: 30, per_day: 1000 },
    options.rateLimitCounters ?? (options.counters ? countersOf(options.counters) : undefined),
  );
  const authThrottle = new FailedAuthenticationThrottle(
    options.authFailuresPerMinute ?? 20,
    options.counters,
  );
  const drain = new Drain();
  const app = createHttpApp({
    drain,
    engine: options.engine,
    logger: options.logger,
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    trustProxy: options.trustProxy ?? false,
    publicUrl: options.publicUrl,
    policyFiles: options.policyFiles,
    demo: options.demo,
    rateLimiter: limiter,
    authThrottle,
    services: {
      deliverNow: (deliveryId) => dispatcher.deliverNow(deliveryId),
      checkWebhookUrl: (url) => checkWebhookUrl(url, allowPrivateUrls),
      uploadLimitBytes: options.uploadLimitBytes ?? 20 * 1024 * 1024,
      channels: options.channels ?? noChannels,
      whenStopping: (listener) => drain.onBegin(listener),
      console: {
        checkKey: (credential, clientIp) => authThrottle.authenticate(options.engine, credential, clientIp),
        signInThrottle: new SignInThrottle(options.signInLimits, options.counters),
      },
    },
    version: parleyVersion,
    platforms: options.platforms,
    readinessChecks: options.readinessChecks,
  });
  const platforms = options.platforms ?? [];
  const httpServer = createServer(app);
  const drainTimeoutMs = options.drainTimeoutMs ?? 20_000;
  const drainLingerMs = options.drainLingerMs ?? 1_000;
  httpServer.keepAliveTimeout = 65_000;
  const io = new SocketServer(httpServer, { cors: { origin: true }, serveClient: false });
  releaseHandshakeRequests(io);
  const widgetSocket = attachWidgetSocket(io, options.engine, limiter, options.logger, {
    trustProxy: app.get('trust proxy fn'),
    authThrottle,
    counters: options.counters,
    drain,
  });
  const consoleSocket = attachConsoleSocket(io, options.engine, options.logger, {
    trustProxy: app.get('trust proxy fn'),
    authThrottle,
  });

  return {
    httpServer,
    io,
    dispatcher,
    listen(port: number, host: string) {
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          httpServer.off('error', reject);
          const address = httpServer.address() as AddressInfo;
          const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
          dispatcher.start();
          stopDeliveryRetention = startDeliveryRetention(
            options.engine,
            options.logger,
            options.deliveryRetentionDays ?? 30,
          );
          Promise.all(platforms.map((platform) => platform.start())).then(
            () => resolve(`http://${shownHost}:${address.port}`),
            reject,
          );
        });
      });
    },
    async close() {
      // Drained: new requests and connections are sent elsewhere (503), those in flight finish
      // (at most drainTimeoutMs), and the port stays open a moment longer so that a load balancer
      // still sending here gets a 503 it passes on, not a closed port or a cut-off answer.
      drain.begin();
      clearInterval(sweeper);
      clearInterval(handoffSweeper);
      stopDeliveryRetention();
      stopNudging();
      await Promise.all(platforms.map((platform) => platform.stop().catch(() => {})));
      await dispatcher.stop();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([drain.idle(), widgetSocket.idle()]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, drainTimeoutMs);
        }),
      ]);
      clearTimeout(timer);
      if (drainLingerMs > 0) await new Promise((resolve) => setTimeout(resolve, drainLingerMs));
      await widgetSocket.close();
      consoleSocket.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
    },
  };
}
