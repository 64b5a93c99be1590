import type { KeyKind, KeyRateLimit, Plan } from '@parley/contract';

export type { ApiKey, CreatedApiKey, KeyKind, KeyRateLimit, Plan } from '@parley/contract';

export interface KeyCreateParams {
  name: string;
  kind: KeyKind;
  /** Default `free`. */
  plan?: Plan;
  /** Publishable keys are bound to one app or one agent. */
  appId?: string;
  agentId?: string;
  /** Web origins a publishable key may be used from (`"*"` for any). */
  allowedOrigins?: string[];
  /** Enterprise keys only. */
  rateLimit?: KeyRateLimit;
}
