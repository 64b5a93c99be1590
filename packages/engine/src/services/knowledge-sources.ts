import type { EngineContext, Knowledge } from '../context.js';
import type { Citation } from '../events.js';
import { embedTexts } from '../knowledge/embedding-model.js';
import { citingSentence, excerptOf } from '../knowledge/excerpt.js';
import type { ChunkRecord } from '../knowledge/knowledge.js';
import { searchSharedIndex } from '../knowledge/shared-index.js';
import type { ModelSource } from '../model/chat-model.js';
import { writeSourcesBlock } from '../model/sources-block.js';
import type { AgentRecord } from '../types.js';

export interface Source {
  number: number;
  chunk: ChunkRecord;
  score: number;
}

/** The question's vector for a hybrid index; null when retrieval is lexical only or the embedding failed. */
async function questionVector(knowledge: Knowledge, question: string, signal?: AbortSignal) {
  if (!knowledge.embeddings || !knowledge.index.searchWithVector || question.trim() === '') return null;
  const vectors = await embedTexts(knowledge.embeddings, [question], { signal });
  return vectors?.[0] ?? null;
}

/**
 * The passages of the agent's datastores that best match the question, numbered from 1; null without
 * knowledge. With embeddings the question is embedded once and lexical and semantic matches are fused;
 * when that embedding fails, the search falls back to lexical only.
 */
export async function findSources(
  context: EngineContext,
  agent: AgentRecord,
  question: string,
  signal?: AbortSignal,
): Promise<Source[] | null> {
  const knowledge = context.knowledge;
  if (!knowledge || agent.datastores.length === 0) return null;
  const options = { datastoreIds: agent.datastores, limit: agent.settings.retrieval_count };
  const vector = await questionVector(knowledge, question, signal);
  const index = knowledge.index;
  const hits = await searchSharedIndex(context, knowledge, options, (searched) =>
    vector && index.searchWithVector
      ? index.searchWithVector(question, vector, searched)
      : index.search(question, searched),
  );
  return hits.map((hit, index) => ({ number: index + 1, chunk: hit.chunk, score: hit.score }));
}

export function modelSources(sources: Source[]): ModelSource[] {
  return sources.map((source) => ({
    number: source.number,
    document_name: source.chunk.document_name,
    page_number: source.chunk.page_number,
    text: source.chunk.text,
  }));
}

/** What the system message says about the sources (the model reads them there only). */
export function sourcesInstructions(sources: Source[]): string {
  return writeSourcesBlock(modelSources(sources));
}

/**
 * The citations the answer used, numbered as in its text, each with a verbatim excerpt of the cited
 * passage: the part that supports the answer's sentence carrying its marker.
 */
export function citationsUsed(answer: string, sources: Source[], question: string): Citation[] {
  const byNumber = new Map(sources.map((source) => [source.number, source]));
  const cited: Citation[] = [];
  const seen = new Set<number>();
  for (const match of answer.matchAll(/\[(\d{1,3})\]/g)) {
    const number = Number(match[1]);
    const source = byNumber.get(number);
    if (!source || seen.has(number)) continue;
    seen.add(number);
    cited.push({
      id: number,
      document_id: source.chunk.document_id,
      document_name: source.chunk.document_name,
      page_number: source.chunk.page_number,
      ...(source.chunk.section ? { section: source.chunk.section } : {}),
      excerpt: excerptOf(source.chunk.text, question, 320, 120, citingSentence(answer, number)),
      score: Math.round(source.score * 100) / 100,
    });
  }
  return cited;
}
