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

export interface DefinitionCreateParams {
  /** 1–100 characters. */
  name: string;
  type: DefinitionType;
  /** 1–5000 characters. */
  content: string;
  /** At most 20, each 1–100 characters. */
  aliases?: string[];
  /** Agent ids (`agt_…`), at most 100; absent: every agent. */
  agentIds?: string[];
}

/** Only the fields present are changed. */
export type DefinitionUpdateParams = Partial<DefinitionCreateParams>;
