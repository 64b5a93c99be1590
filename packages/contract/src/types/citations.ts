export type { Citation } from '../turn-events.js';

export type DefinitionType = 'rule' | 'term';

/** A rule or term given to the model for this answer. */
export interface AppliedDefinition {
  id: string;
  name: string;
  type: DefinitionType;
}
