import type { EngineContext, Knowledge } from '../context.js';
import { notFound, ParleyError } from '../errors.js';
import { embedTexts } from '../knowledge/embedding-model.js';
import { type ChunkRecord, DocumentParseError } from '../knowledge/knowledge.js';
import { claimLease, releaseLease } from '../store/lease.js';
import { put, remove, removeWhere } from '../store/store.js';
import type { DocumentRecord } from '../types.js';
import { toIso } from '../util/clock.js';
import { forEachInSlices, yieldToEventLoop } from '../util/event-loop-slices.js';
import { newId } from '../util/ids.js';
import { type ListParameters, toListResponse } from '../util/pagination.js';
import { getDatastoreRecord } from './datastores.js';
import { originalFileOf } from './document-originals.js';

export interface UploadInput {
  name: string;
  bytes: Uint8Array;
  contentType: string | null;
}

export function presentDocument(document: DocumentRecord) {
  return {
    id: document.id,
    datastore_id: document.datastore_id,
    name: document.name,
    content_type: document.content_type,
    size_bytes: document.size_bytes,
    status: document.status,
    progress: document.progress,
    error: document.error,
    page_count: document.page_count,
    chunk_count: document.chunk_count,
    created_at: document.created_at,
    updated_at: document.updated_at,
  };
}

async function getDocumentRecord(context: EngineContext, datastoreId: string, documentId: string) {
  const document = await context.store.get('documents', documentId);
  if (!document || document.datastore_id !== datastoreId)
    throw notFound('Document', 'document_id', documentId);
  return document;
}

/**
 * The chunks with their vectors when an embeddings model is configured. A failed embedding does not
 * fail the document: its chunks are stored without vectors and found lexically only.
 */
async function withEmbeddings(knowledge: Knowledge, chunks: ChunkRecord[]): Promise<ChunkRecord[]> {
  const model = knowledge.embeddings;
  if (!model) return chunks;
  const vectors = await embedTexts(
    model,
    chunks.map((chunk) => chunk.text),
  );
  if (!vectors) return chunks;
  return chunks.map((chunk, index) => ({ ...chunk, embedding: vectors[index], embedding_model: model.name }));
}

/**
 * Passages stored, then indexed, at a time: each step is a few milliseconds of work, between which
 * requests are answered (a long document's passages written or indexed at once held the server).
 */
const writeBatchSize = 200;
const indexBatchSize = 50;

function* batches<T>(items: T[], size: number): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}

/** Whether the document is still there (it may be deleted while it is read). */
async function stillThere(context: EngineContext, documentId: string): Promise<boolean> {
  return (await context.store.get('documents', documentId)) !== undefined;
}

/** Removes what a reading that did not finish stored and indexed of the document. */
async function discardPassages(context: EngineContext, knowledge: Knowledge, documentId: string) {
  await context.store.write([removeWhere('chunks', { document_id: documentId })]);
  await knowledge.index.removeDocument(documentId);
}

/**
 * Stores the passages a batch at a time, then indexes them a batch at a time, yielding between
 * batches. False when the document was deleted meanwhile (nothing of it is then kept).
 */
async function storeAndIndex(
  context: EngineContext,
  knowledge: Knowledge,
  documentId: string,
  chunks: ChunkRecord[],
) {
  for (const batch of batches(chunks, writeBatchSize)) {
    if (!(await stillThere(context, documentId))) {
      await discardPassages(context, knowledge, documentId);
      return false;
    }
    await context.store.write(batch.map((chunk) => put('chunks', chunk)));
    await yieldToEventLoop();
  }
  await forEachInSlices(batches(chunks, indexBatchSize), (batch) => knowledge.index.add(batch));
  return true;
}

/**
 * While a node reads a document it holds the store's lease `ingestion:<id>`, renewed as it reads,
 * so another node that starts meanwhile leaves the document alone (see failInterruptedIngestion).
 */
const readingLeaseMs = 30_000;

function readingLease(context: EngineContext, documentId: string) {
  return { name: `ingestion:${documentId}`, holder: context.node, durationMs: readingLeaseMs };
}

async function ingest(context: EngineContext, document: DocumentRecord, input: UploadInput) {
  const lease = readingLease(context, document.id);
  const renew = setInterval(() => {
    claimLease(context.store, lease, new Date(context.clock.now())).catch(() => {});
  }, readingLeaseMs / 3);
  renew.unref();
  try {
    await read(context, document, input);
  } finally {
    clearInterval(renew);
    await releaseLease(context.store, lease).catch(() => {});
  }
}

async function read(context: EngineContext, document: DocumentRecord, input: UploadInput) {
  const knowledge = context.knowledge;
  if (!knowledge) return;
  const finish = async (patch: Partial<DocumentRecord>) => {
    const current = await context.store.get('documents', document.id);
    if (!current) return false;
    await context.store.write([
      put('documents', { ...current, ...patch, updated_at: toIso(context.clock.now()) }),
    ]);
    return true;
  };
  try {
    let shown = 0;
    const parsed = await knowledge.parser.parse(input, {
      onProgress(fraction) {
        // Reading is 90% of the work; the rest is chunking, embedding and indexing. Written every 10%.
        const progress = Math.floor(fraction * 9) / 10;
        if (progress <= shown) return;
        shown = progress;
        context.store
          .get('documents', document.id)
          .then((current) => {
            if (current?.status === 'processing' && current.progress < progress) {
              return context.store.write([put('documents', { ...current, progress })]);
            }
          })
          .catch(() => {});
      },
    });
    const passages: ChunkRecord[] = (await knowledge.chunk(parsed.pages, parsed.headings)).map((passage) => ({
      ...passage,
      id: `${document.id}:${newId('doc').slice(4)}`,
      datastore_id: document.datastore_id,
      document_id: document.id,
      document_name: document.name,
    }));
    const chunks = await withEmbeddings(knowledge, passages);
    if (!(await storeAndIndex(context, knowledge, document.id, chunks))) return;
    const kept = await finish({
      status: 'ready',
      progress: 1,
      page_count: parsed.pages.length,
      chunk_count: chunks.length,
      error: null,
    });
    if (!kept) await discardPassages(context, knowledge, document.id);
  } catch (error) {
    const message =
      error instanceof DocumentParseError
        ? error.message
        : 'The document could not be read because of an internal error';
    await discardPassages(context, knowledge, document.id);
    await finish({ status: 'failed', error: message });
  }
}

/**
 * Stores the document as `processing` and reads it in the background: parsed
 * page by page in a worker thread (with memory, time, size and nesting limits),
 * cut into passages that keep their page, embedded when an embeddings model is
 * configured (a failed embedding leaves the document lexical-only, not failed),
 * indexed; cutting and indexing yield to the event loop every few milliseconds.
 * A document that cannot be read ends `failed` with the reason, and harms
 * nothing else.
 */
export async function uploadDocument(context: EngineContext, datastoreId: string, input: UploadInput) {
  const datastore = await getDatastoreRecord(context, datastoreId);
  if (!context.knowledge) {
    throw new ParleyError('invalid_request', 'This server has no document reader configured', {
      field: 'file',
    });
  }
  const now = toIso(context.clock.now());
  const document: DocumentRecord = {
    id: newId('doc'),
    datastore_id: datastoreId,
    name: input.name,
    content_type: input.contentType,
    size_bytes: input.bytes.byteLength,
    status: 'processing',
    progress: 0,
    error: null,
    page_count: null,
    chunk_count: null,
    created_at: now,
    updated_at: now,
  };
  await claimLease(context.store, readingLease(context, document.id), new Date(context.clock.now()));
  await context.store.write([
    put('documents', document),
    // The original is kept only for a public datastore: what visitors may open.
    ...(datastore.public ? [put('document_files', originalFileOf(document, input))] : []),
  ]);
  context.ingestion
    .run('ingestion', () => ingest(context, document, input))
    .catch(() => {
      // A document that could not even be marked failed (the store closed under it) stays `processing`;
      // the next start marks it failed (failInterruptedIngestion).
    });
  return presentDocument(document);
}

export async function listDocuments(context: EngineContext, datastoreId: string, parameters: ListParameters) {
  await getDatastoreRecord(context, datastoreId);
  const page = await context.store.list('documents', {
    ...parameters,
    where: { datastore_id: datastoreId },
    order: 'desc',
  });
  return toListResponse(page, presentDocument);
}

export async function getDocument(context: EngineContext, datastoreId: string, documentId: string) {
  return presentDocument(await getDocumentRecord(context, datastoreId, documentId));
}

/** A stored passage as the API shows it: without its vector. */
export function presentPassage(chunk: ChunkRecord) {
  return {
    id: chunk.id,
    document_id: chunk.document_id,
    page_number: chunk.page_number,
    section: chunk.section ?? null,
    text: chunk.text,
  };
}

/** The document's passages in reading order (as they were cut), a page of them at a time. */
export async function listPassages(
  context: EngineContext,
  datastoreId: string,
  documentId: string,
  parameters: ListParameters,
) {
  await getDocumentRecord(context, datastoreId, documentId);
  const page = await context.store.list('chunks', {
    ...parameters,
    where: { document_id: documentId },
    order: 'asc',
  });
  return toListResponse(page, presentPassage);
}

/** Deletes the document; answers stop citing it at once. */
export async function deleteDocument(context: EngineContext, datastoreId: string, documentId: string) {
  await getDocumentRecord(context, datastoreId, documentId);
  await context.store.write([
    removeWhere('chunks', { document_id: documentId }),
    remove('documents', documentId),
    remove('document_files', documentId),
  ]);
  await context.knowledge?.index.removeDocument(documentId);
  return { id: documentId, deleted: true };
}

/**
 * Documents left `processing` by a stop are marked failed on start: their bytes were not kept. A
 * document another node is reading (its reading lease is held and current) is left to that node,
 * and looked at again once the lease would lapse (a reader killed meanwhile stops renewing it).
 */
export async function failInterruptedIngestion(context: EngineContext): Promise<number> {
  const processing = await context.store.all('documents', { status: 'processing' });
  const nowMs = context.clock.now();
  const now = toIso(nowMs);
  const interrupted: DocumentRecord[] = [];
  let recheckAt = 0;
  for (const document of processing) {
    const lease = await context.store.get('leases', `ingestion:${document.id}`);
    const expires = lease ? Date.parse(lease.expires_at) : 0;
    if (lease && expires > nowMs) {
      // Being read: by this node (it holds the lease), or by another one, to be looked at again.
      if (lease.holder !== context.node) recheckAt = Math.max(recheckAt, expires);
      continue;
    }
    interrupted.push(document);
  }
  if (recheckAt > 0) {
    const recheck = setTimeout(
      () => {
        failInterruptedIngestion(context).catch(() => {});
      },
      recheckAt - nowMs + 1_000,
    );
    recheck.unref();
  }
  if (interrupted.length > 0) {
    // Passages are stored a batch at a time: a stop in the middle leaves some; they go with it.
    for (const document of interrupted) await context.knowledge?.index.removeDocument(document.id);
    // The reading lease of a document failed here is left to lapse by itself.
    await context.store.write(
      interrupted.flatMap((document) => [
        removeWhere('chunks', { document_id: document.id }),
        put('documents', {
          ...document,
          status: 'failed',
          error: 'Reading was interrupted by a restart; upload the document again',
          updated_at: now,
        }),
      ]),
    );
  }
  return interrupted.length;
}
