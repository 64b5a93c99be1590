export type KeyKind = 'secret' | 'publishable';
export type Plan = 'free' | 'pro' | 'enterprise';

export interface KeyRateLimit {
  per_minute: number;
  per_day: number;
}

/** A key as listed: only its masked form. */
export interface ApiKey {
  id: string;
  name: string;
  kind: KeyKind;
  plan: Plan;
  masked: string;
  app_id: string | null;
  agent_id: string | null;
  allowed_origins: string[];
  rate_limit: KeyRateLimit;
  created_at: string;
}

/** A key just created: `key` is the secret itself, shown this once. */
export interface CreatedApiKey extends ApiKey {
  key: string;
}
