import type { DefinitionType } from './citations.js';

/**
 * A rule or a term: when a question names it (its name or an alias) it is given to the model and
 * listed in the answer's `applied_definitions`.
 */
export interface Definition {
  id: string;
  name: string;
  type: DefinitionType;
  content: string;
  aliases: string[];
  /** The agents it applies to; empty: every agent. */
  agent_ids: string[];
  created_at: string;
  updated_at: string;
}
