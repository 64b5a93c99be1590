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

/** A lexical (BM25-class) index over the chunks of every datastore, optionally hybrid with vectors. */
export interface RetrievalIndex {
  add(chunks: ChunkRecord[]): void;
  removeDocument(documentId: string): void;
  /** Whether any passage of the document is indexed (on this node). */
  hasDocument(documentId: string): boolean;
  search(query: string, options: RetrievalSearchOptions): RetrievalHit[];
  /** Hybrid indexes: lexical and vector results fused, with the query's vector from the same embeddings model. */
  searchWithVector?(query: string, vector: number[], options: RetrievalSearchOptions): RetrievalHit[];
  readonly size: number;
}
