export interface Citation {
  id: number;
  document_id: string;
  document_name: string;
  /** The real page of a PDF; 1 for other documents. */
  page_number: number;
  /** Verbatim text of that page. */
  excerpt: string;
  /** Relevance in 0–1. */
  score: number;
}

export type DefinitionType = 'rule' | 'term';

export interface AppliedDefinition {
  id: string;
  name: string;
  type: DefinitionType;
}
