import type { EngineContext } from '../context.js';
import { createKey } from './keys.js';

export interface BootstrapOptions {
  /** Use this as the admin key instead of a random one (`PARLEY_ADMIN_KEY`). */
  adminKey?: string;
}

export interface BootstrapResult {
  /** The admin key, only on the start that created it. */
  createdAdminKey: string | null;
}

/**
 * On the first start with an empty store: an admin secret key, so the operator
 * can reach the API. (The demo's agent, app and key are the server's: see
 * `packages/server/src/demo/`.)
 */
export async function bootstrap(context: EngineContext, options: BootstrapOptions): Promise<BootstrapResult> {
  if ((await context.store.count('keys')) > 0) return { createdAdminKey: null };
  const { secret } = await createKey(
    context,
    {
      name: 'Admin',
      kind: 'secret',
      plan: 'enterprise',
      rate_limit: { per_minute: 100_000, per_day: 10_000_000 },
    },
    options.adminKey,
  );
  return { createdAdminKey: secret };
}
