import type { Engine } from '@parley/engine';
import type { Request, Response } from 'express';

/** A dependency `/readyz` asks (Redis when configured): `ready` resolves true when it answers in time. */
export interface ReadinessCheck {
  name: string;
  ready(): Promise<boolean>;
}

/**
 * `GET /readyz`: 200 when the node can serve (its store takes writes, and every configured
 * dependency answers), 503 with `Retry-After` otherwise; the store's warnings (memory running out)
 * ride along, and each dependency says `ready` or `unavailable`.
 */
export function answerReadiness(engine: Engine, checks: ReadinessCheck[]) {
  return async function readiness(_request: Request, response: Response) {
    const store = engine.storeHealth();
    const dependencies: Record<string, 'ready' | 'unavailable'> = {};
    for (const check of checks) {
      const ready = await check.ready().catch(() => false);
      dependencies[check.name] = ready ? 'ready' : 'unavailable';
    }
    const ready = store.writable && Object.values(dependencies).every((state) => state === 'ready');
    if (!ready) response.setHeader('Retry-After', '5');
    response
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'unavailable', store, ...dependencies });
  };
}
