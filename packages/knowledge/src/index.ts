import type { ChunkRecord, EmbeddingModel, Knowledge, RetrievalIndex } from '@parley/engine';
import { chunkPagesInSlices } from './chunk/chunk-pages.js';
import { HybridIndex } from './index/hybrid-index.js';
import { InMemoryRetrievalIndex } from './index/in-memory-index.js';
import { LexicalIndex } from './index/lexical-index.js';
import { createDocumentParser } from './parse/document-parser.js';
import type { ReadLimits } from './parse/read-in-worker.js';

export { chunkPages, chunkPagesInSlices } from './chunk/chunk-pages.js';
export { HybridIndex, type HybridIndexOptions } from './index/hybrid-index.js';
export { InMemoryRetrievalIndex, type MemoryIndex } from './index/in-memory-index.js';
export { LexicalIndex } from './index/lexical-index.js';
export { passageAnalysis } from './index/passage-analysis.js';
export { createDocumentParser } from './parse/document-parser.js';
export { defaultReadLimits, type ReadLimits } from './parse/read-in-worker.js';

export interface KnowledgeOptions {
  /** Makes retrieval hybrid: passages and questions are embedded, and matched by meaning as well as by words. */
  embeddings?: EmbeddingModel;
  /** What one document may cost to read (size, nesting, text, memory, time); defaults otherwise. */
  readLimits?: ReadLimits;
  /**
   * Where passages are indexed: by default in this node's memory (rebuilt from `storedChunks`); a
   * shared index (PostgreSQL) instead, when given, and `storedChunks` is then not read.
   */
  index?: RetrievalIndex;
}

/**
 * Parsing, chunking and an index: the one given, or one in memory rebuilt from the stored passages
 * (with their stored vectors when embeddings are configured, so nothing is embedded again): what
 * the engine's knowledge seam needs.
 */
export function createKnowledge(storedChunks: ChunkRecord[], options: KnowledgeOptions = {}): Knowledge {
  const { embeddings } = options;
  return {
    parser: createDocumentParser(options.readLimits),
    chunk: (pages, headings) => chunkPagesInSlices(pages, {}, headings),
    index:
      options.index ??
      new InMemoryRetrievalIndex(
        embeddings
          ? HybridIndex.rebuild(storedChunks, { modelName: embeddings.name })
          : LexicalIndex.rebuild(storedChunks),
      ),
    ...(embeddings ? { embeddings } : {}),
  };
}
