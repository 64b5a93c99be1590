import type { DefinitionType } from '@parley/contract';

export type { Definition } from '@parley/contract';

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
