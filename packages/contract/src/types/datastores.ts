/** A collection of documents agents answer from once it is connected to them. */
export interface Datastore {
  id: string;
  name: string;
  description: string;
  /** Whether visitors may open the original file of a cited document (kept only while true). */
  public: boolean;
  document_count: number;
  created_at: string;
  updated_at: string;
}

/** `processing` until the server has read the document; then `ready`, or `failed` with `error`. */
export type DocumentStatus = 'processing' | 'ready' | 'failed';

/** A document of a datastore and how far the server got reading it. */
export interface DatastoreDocument {
  id: string;
  datastore_id: string;
  name: string;
  content_type: string | null;
  size_bytes: number;
  status: DocumentStatus;
  /** How far reading has come, 0 to 1. */
  progress: number;
  /** Why reading failed (`failed`). */
  error: string | null;
  /** Set once `ready`. */
  page_count: number | null;
  chunk_count: number | null;
  created_at: string;
  updated_at: string;
}

/** A passage of a document as it is searched and cited, in reading order. */
export interface DocumentPassage {
  id: string;
  document_id: string;
  /** The real page of a PDF; 1 otherwise. */
  page_number: number;
  /** Markdown and HTML: the heading the passage sits under; null otherwise. */
  section: string | null;
  /** Verbatim text of that page. */
  text: string;
}
