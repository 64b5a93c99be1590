/** The knowledge seam: parsing documents into pages, and finding passages. Libraries live in @parley/knowledge. */

export interface DocumentInput {
  bytes: Uint8Array;
  /** The file name as uploaded, e.g. `return-policy.pdf`. */
  name: string;
  /** The declared media type, if any; the name's extension decides when it is absent or generic. */
  contentType: string | null;
}

export interface ParsedDocument {
  /** The text of each page: index 0 is page 1. Formats without pages have one. */
  pages: string[];
  /** Markdown and HTML: where each h1–h3 heading starts, so that passages can name the section they sit under. */
  headings?: DocumentHeading[];
}

/** A heading of a page: its plain text (at most 200 characters), starting at `at` in the page's text. */
export interface DocumentHeading {
  page_number: number;
  at: number;
  text: string;
}

/** A document that cannot be read (corrupt, encrypted, unsupported): its message is shown to the user. */
export class DocumentParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DocumentParseError';
  }
}

export interface DocumentParser {
  /** The media types and extensions it reads, for error messages and the API reference. */
  readonly supported: string[];
  /** `onProgress` hears how far reading has come, 0 to 1 (PDFs: by page). */
  parse(input: DocumentInput, options?: { onProgress?: (fraction: number) => void }): Promise<ParsedDocument>;
}

/** A passage of one page: its text is verbatim text of that page. */
export interface PassageChunk {
  page_number: number;
  text: string;
  /** Markdown and HTML: the heading the passage sits under; absent before the first heading, in PDFs and Word files, and in passages stored before sections were kept. */
  section?: string;
}

export interface ChunkRecord extends PassageChunk {
  id: string;
  datastore_id: string;
  document_id: string;
  document_name: string;
  /** The passage's vector, stored with it when an embeddings model is configured, so a restart needs no re-embedding. */
  embedding?: number[];
  /** The `EmbeddingModel.name` that made `embedding`. */
  embedding_model?: string;
}

/** The chunk without its vector: what an index keeps and a search returns. */
export function withoutEmbedding(chunk: ChunkRecord): ChunkRecord {
  return {
    id: chunk.id,
    datastore_id: chunk.datastore_id,
    document_id: chunk.document_id,
    document_name: chunk.document_name,
    page_number: chunk.page_number,
    text: chunk.text,
    ...(chunk.section === undefined ? {} : { section: chunk.section }),
  };
}

export interface RetrievalHit {
  chunk: ChunkRecord;
  /** Relevance in 0–1, higher is better. */
  score: number;
}

export interface RetrievalSearchOptions {
  datastoreIds: string[];
  limit: number;
}

/**
 * Where passages are found: a lexical (BM25-class) index over the chunks of every datastore,
 * optionally hybrid with vectors. Asynchronous, so that it may live in memory on each node
 * (`scope: 'node'`, @parley/knowledge) or in the database every node shares (`scope: 'store'`,
 * @parley/store-postgres), where nothing of the passages is held in a node's memory.
 */
export interface RetrievalIndex {
  /**
   * `node`: each node indexes what it reads and, before a search, the stored passages of documents
   * other nodes read (see shared-index.ts). `store`: one index every node writes and reads.
   */
  readonly scope: 'node' | 'store';
  /** Adds chunks; a chunk whose id is already indexed is ignored, so adding again is harmless. */
  add(chunks: ChunkRecord[]): Promise<void>;
  /** Removes every passage of the document at once. */
  removeDocument(documentId: string): Promise<void>;
  /** Whether any passage of the document is indexed (on this node, for a `node` index). */
  hasDocument(documentId: string): Promise<boolean>;
  /** The best passages of the datastores for the query, best first, scores in 0–1. */
  search(query: string, options: RetrievalSearchOptions): Promise<RetrievalHit[]>;
  /** Hybrid indexes: lexical and vector results fused, with the query's vector from the same embeddings model. */
  searchWithVector?(
    query: string,
    vector: number[],
    options: RetrievalSearchOptions,
  ): Promise<RetrievalHit[]>;
}

/**
 * How Parley analyses text into index terms (stemming, stop words, CJK segmenting…), for an index
 * that keeps its terms elsewhere (PostgreSQL): passages and queries are analysed in Node exactly as
 * the in-memory index does, so both find the same passages. Implemented in @parley/knowledge.
 */
export interface PassageAnalysis {
  /** The terms of a passage's text and of its document's name (extension left out), in order. */
  passageTerms(chunk: ChunkRecord): { text: string[]; name: string[] };
  /** The distinct terms of a query. */
  queryTerms(query: string): string[];
  /** Whether a query term also matches the terms it begins (long enough terms only). */
  matchesPrefix(term: string): boolean;
  /** A raw BM25-class score (sum over matched terms × number matched) to 0–1, as the in-memory index does. */
  normalizedScore(rawScore: number, queryTermCount: number): number;
}
