export type Routing = 'auto' | 'first';

export type IdentityVerification = 'off' | 'required';

/** An app groups agents behind one endpoint. */
export interface App {
  id: string;
  name: string;
  agents: string[];
  routing: Routing;
  session_ttl_seconds: number;
  greeting: string | null;
  starter_prompts: string[];
  /** `required`: a publishable key's `user_id` is taken only with a `user_hash` that verifies. */
  identity_verification: IdentityVerification;
  /** Whether an identity secret was made (`POST /v1/apps/{app_id}/identity-secret`); the secret is never shown again. */
  identity_secret_set: boolean;
  /** A Slack channel id where each escalation opens a thread the support team answers from; null: off. */
  slack_support_channel: string | null;
  created_at: string;
  updated_at: string;
}

/** The body of `POST /v1/apps`; `PATCH` takes any part of it. */
export interface AppCreateBody {
  name: string;
  /** Agent ids (`agt_…`). */
  agents?: string[];
  routing?: Routing;
  /** Default 3600. */
  session_ttl_seconds?: number;
  greeting?: string | null;
  starter_prompts?: string[];
  /** Default `off`. */
  identity_verification?: IdentityVerification;
  /** A Slack channel id (`C…`) for escalation threads; null turns it off. */
  slack_support_channel?: string | null;
}

/** `POST /v1/apps/{app_id}/identity-secret`: the app with its new identity secret, shown this once. */
export interface AppWithIdentitySecret extends App {
  identity_secret: string;
}
