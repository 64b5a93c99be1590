import type { Routing } from '@parley/contract';

export type { App, Routing } from '@parley/contract';

export interface AppCreateParams {
  name: string;
  /** Agent ids (`agt_…`). */
  agents?: string[];
  routing?: Routing;
  /** Default 3600. */
  session_ttl_seconds?: number;
  greeting?: string | null;
  starter_prompts?: string[];
}

/** Only the fields present are changed. */
export type AppUpdateParams = Partial<AppCreateParams>;
