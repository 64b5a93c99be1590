/**
 * The embedded retrieval index behind the engine's asynchronous seam: the lexical (or hybrid)
 * index in this node's memory, each node indexing what it reads (`scope: 'node'`). The default
 * when Parley runs without PostgreSQL.
 */
import type { ChunkRecord, RetrievalHit, RetrievalIndex, RetrievalSearchOptions } from '@parley/engine';

/** What the in-memory indexes (LexicalIndex, HybridIndex) do, synchronously. */
export interface MemoryIndex {
  add(chunks: ChunkRecord[]): void;
  removeDocument(documentId: string): void;
  hasDocument(documentId: string): boolean;
  search(query: string, options: RetrievalSearchOptions): RetrievalHit[];
  searchWithVector?(query: string, vector: number[], options: RetrievalSearchOptions): RetrievalHit[];
  readonly size: number;
}

export class InMemoryRetrievalIndex implements RetrievalIndex {
  readonly scope = 'node';
  readonly searchWithVector?: RetrievalIndex['searchWithVector'];

  constructor(readonly memory: MemoryIndex) {
    const searchWithVector = memory.searchWithVector?.bind(memory);
    if (searchWithVector)
      this.searchWithVector = async (query, vector, options) => searchWithVector(query, vector, options);
  }

  /** Passages indexed on this node. */
  get size(): number {
    return this.memory.size;
  }

  async add(chunks: ChunkRecord[]): Promise<void> {
    this.memory.add(chunks);
  }

  async removeDocument(documentId: string): Promise<void> {
    this.memory.removeDocument(documentId);
  }

  async hasDocument(documentId: string): Promise<boolean> {
    return this.memory.hasDocument(documentId);
  }

  async search(query: string, options: RetrievalSearchOptions): Promise<RetrievalHit[]> {
    return this.memory.search(query, options);
  }
}
