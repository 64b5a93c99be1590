/**
 * A `store` index (PostgreSQL) is one index every node writes and reads: a search asks it directly
 * and reads only the documents of its hits, to leave out those not ready. A `node` index (in memory)
 * is each node's own: each node keeps its own retrieval index, while documents are read (and deleted) by whichever
 * node was asked. Before a search, the node's index is brought in line with the store for the
 * datastores searched: a document another node read is indexed here from its stored passages, and
 * a passage of a document deleted (or failed) meanwhile is dropped, so what is uploaded through one
 * node is cited through every node, and a deletion holds everywhere at once, with no message
 * between nodes to miss. One read of the datastores' documents per search (an indexed field).
 */
import type { EngineContext, Knowledge } from '../context.js';
import type { DocumentRecord } from '../types.js';
import { forEachInSlices } from '../util/event-loop-slices.js';
import type { RetrievalHit, RetrievalSearchOptions } from './knowledge.js';

const indexBatchSize = 50;

/** Loads in progress per index: two turns that need one document read its passages once. */
const loading = new WeakMap<Knowledge, Map<string, Promise<void>>>();

/** Indexes a ready document's stored passages (vectors included) on this node. */
function indexStoredDocument(
  context: EngineContext,
  knowledge: Knowledge,
  documentId: string,
): Promise<void> {
  let pending = loading.get(knowledge);
  if (!pending) {
    pending = new Map();
    loading.set(knowledge, pending);
  }
  const running = pending.get(documentId);
  if (running) return running;
  const load = (async () => {
    const chunks = await context.store.all('chunks', { document_id: documentId });
    const slices: (typeof chunks)[] = [];
    for (let start = 0; start < chunks.length; start += indexBatchSize)
      slices.push(chunks.slice(start, start + indexBatchSize));
    await forEachInSlices(slices, (slice) => knowledge.index.add(slice));
  })().finally(() => pending.delete(documentId));
  pending.set(documentId, load);
  return load;
}

/** The documents of the datastores as stored now, by id; ready ones missing from this node's index are indexed. */
async function documentsInLine(
  context: EngineContext,
  knowledge: Knowledge,
  datastoreIds: string[],
): Promise<Map<string, DocumentRecord>> {
  const documents = new Map<string, DocumentRecord>();
  for (const datastoreId of datastoreIds)
    for (const document of await context.store.all('documents', { datastore_id: datastoreId }))
      documents.set(document.id, document);
  for (const document of documents.values())
    if (document.status === 'ready' && !(await knowledge.index.hasDocument(document.id)))
      await indexStoredDocument(context, knowledge, document.id);
  return documents;
}

/** The documents of the hits not read yet, by id (a missing one is left out of the map). */
async function readDocumentsOf(
  context: EngineContext,
  hits: RetrievalHit[],
  documents: Map<string, DocumentRecord>,
): Promise<void> {
  const unread = new Set(hits.map((hit) => hit.chunk.document_id).filter((id) => !documents.has(id)));
  for (const documentId of unread) {
    const document = await context.store.get('documents', documentId);
    if (document) documents.set(documentId, document);
  }
}

/**
 * Searches the index for passages of ready documents only. A hit of a document no longer
 * stored (or failed) removes that document from the index and the search is made again; a hit of
 * a document still being read (indexed by the node reading it, before it is ready) is left out.
 */
export async function searchSharedIndex(
  context: EngineContext,
  knowledge: Knowledge,
  options: RetrievalSearchOptions,
  search: (options: RetrievalSearchOptions) => Promise<RetrievalHit[]>,
): Promise<RetrievalHit[]> {
  const inStore = knowledge.index.scope === 'store';
  const documents = inStore
    ? new Map<string, DocumentRecord>()
    : await documentsInLine(context, knowledge, options.datastoreIds);
  let limit = options.limit;
  for (let attempt = 0; ; attempt += 1) {
    const hits = await search({ ...options, limit });
    if (inStore) await readDocumentsOf(context, hits, documents);
    const citable = hits.filter((hit) => documents.get(hit.chunk.document_id)?.status === 'ready');
    if (citable.length === hits.length || attempt === 2) return citable.slice(0, options.limit);
    const gone = new Set<string>();
    for (const hit of hits) {
      const document = documents.get(hit.chunk.document_id);
      if (!document || document.status === 'failed') gone.add(hit.chunk.document_id);
    }
    for (const documentId of gone) await knowledge.index.removeDocument(documentId);
    limit = options.limit + (hits.length - citable.length);
  }
}
