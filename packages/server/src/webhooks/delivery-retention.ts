import type { Engine } from '@parley/engine';
import { type Logger, logFailure } from '../logger.js';

const dayMs = 24 * 3_600_000;

/**
 * Prunes delivered webhook deliveries older than `retentionDays` (0: never)
 * now and then every `intervalMs`; one run at a time. Answers the stopper.
 */
export function startDeliveryRetention(
  engine: Engine,
  logger: Logger,
  retentionDays: number,
  intervalMs = 3_600_000,
): () => void {
  if (!(retentionDays > 0)) return () => {};
  let running: Promise<void> | null = null;
  const prune = () => {
    if (running) return;
    running = engine.webhooks
      .pruneDelivered(retentionDays * dayMs)
      .then((removed) => {
        if (removed > 0)
          logger.info({ removed, retention_days: retentionDays }, 'delivered webhook deliveries pruned');
      })
      .catch((error: unknown) => logFailure(logger, error, 'webhook delivery pruning failed'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(prune, 0);
  const timer = setInterval(prune, intervalMs);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
