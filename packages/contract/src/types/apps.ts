export type Routing = 'auto' | 'first';

export type IdentityVerification = 'off' | 'required';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** An open interval of a day, local time `HH:MM` (`close` excluded, `24:00` for the end of the day). */
export interface OpeningInterval {
  open: string;
  close: string;
}

/** When people answer, read in an IANA time zone; a day absent or `[]` is closed. */
export interface OpeningHours {
  time_zone: string;
  days: Partial<Record<Weekday, OpeningInterval[]>>;
}

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
  /** When people answer; `null`: always. */
  opening_hours: OpeningHours | null;
  /** Seconds an escalation may wait for a person before the visitor is told no one is free; `null`: no limit. */
  handoff_timeout_seconds: number | null;
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
  opening_hours?: OpeningHours | null;
  handoff_timeout_seconds?: number | null;
  /** A Slack channel id (`C…`) for escalation threads; null turns it off. */
  slack_support_channel?: string | null;
}

/** `POST /v1/apps/{app_id}/identity-secret`: the app with its new identity secret, shown this once. */
export interface AppWithIdentitySecret extends App {
  identity_secret: string;
}
