export type Routing = 'auto' | 'first';

/** An app groups agents behind one endpoint. */
export interface App {
  id: string;
  name: string;
  agents: string[];
  routing: Routing;
  session_ttl_seconds: number;
  greeting: string | null;
  starter_prompts: string[];
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
}
