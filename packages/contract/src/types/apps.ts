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
