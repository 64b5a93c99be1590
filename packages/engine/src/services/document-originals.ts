import type { EngineContext } from '../context.js';
import { notFound } from '../errors.js';
import type { Principal } from '../principal.js';
import type { DocumentFileRecord, DocumentRecord } from '../types.js';

/**
 * The original files of documents in public datastores: kept at upload while the datastore is public,
 * served to visitors who may use an agent answering from that datastore (the source viewer's "Open the
 * original"). Never served as something a browser would run: a PDF as `application/pdf`, anything
 * else as a `text/plain` attachment (the HTTP edge adds `nosniff`, a sandboxing CSP and the file name).
 */

/** The record keeping a document's uploaded bytes. */
export function originalFileOf(
  document: DocumentRecord,
  input: { bytes: Uint8Array; contentType: string | null },
): DocumentFileRecord {
  return {
    id: document.id,
    datastore_id: document.datastore_id,
    content_type: input.contentType,
    data: Buffer.from(input.bytes).toString('base64'),
  };
}

const pdfSignature = '%PDF-';

/**
 * The type a kept file is served as, from its bytes (never its name or the type it was sent with): a file
 * that starts as a PDF does is a PDF; anything else is plain text.
 */
export function servedTypeOf(bytes: Uint8Array): 'application/pdf' | 'text/plain; charset=utf-8' {
  return Buffer.from(bytes.subarray(0, pdfSignature.length)).toString('latin1') === pdfSignature
    ? 'application/pdf'
    : 'text/plain; charset=utf-8';
}

/** The path of a document's original on this server. */
export function originalPathOf(datastoreId: string, documentId: string): string {
  return `/v1/datastores/${datastoreId}/documents/${documentId}/original`;
}

/** The agents the principal may use: a secret key all, a publishable key its agent or its app's, a share token its agent. */
async function agentsOf(context: EngineContext, principal: Principal): Promise<string[] | 'all'> {
  if (principal.kind === 'secret') return 'all';
  if (principal.kind === 'share') return [principal.agentId];
  if (principal.agentId) return [principal.agentId];
  const app = principal.appId ? await context.store.get('apps', principal.appId) : undefined;
  return app ? app.agents : [];
}

/** Whether the principal may use an agent answering from the datastore. */
async function mayReachDatastore(context: EngineContext, principal: Principal, datastoreId: string) {
  const agentIds = await agentsOf(context, principal);
  if (agentIds === 'all') return true;
  for (const agentId of agentIds) {
    const agent = await context.store.get('agents', agentId);
    if (agent?.datastores.includes(datastoreId)) return true;
  }
  return false;
}

/** What the original's endpoint serves. */
export interface OriginalFile {
  name: string;
  content_type: 'application/pdf' | 'text/plain; charset=utf-8';
  bytes: Buffer;
}

/**
 * A document's original file, for a principal that may use an agent answering from its datastore, while
 * the datastore is public. Anything else (a private datastore, a file not kept, another app's datastore)
 * is 404: a visitor learns nothing about what they may not open.
 */
export async function getOriginal(
  context: EngineContext,
  datastoreId: string,
  documentId: string,
  principal: Principal,
): Promise<OriginalFile> {
  const missing = () => notFound('Document', 'document_id', documentId);
  const datastore = await context.store.get('datastores', datastoreId);
  if (!datastore?.public) throw missing();
  const document = await context.store.get('documents', documentId);
  if (!document || document.datastore_id !== datastoreId) throw missing();
  if (!(await mayReachDatastore(context, principal, datastoreId))) throw missing();
  const file = await context.store.get('document_files', documentId);
  if (!file) throw missing();
  const bytes = Buffer.from(file.data, 'base64');
  return { name: document.name, content_type: servedTypeOf(bytes), bytes };
}

/** Where the source viewer may open a cited document's original: only in a public datastore, with the file kept. */
export async function originalLinkOf(
  context: EngineContext,
  documentId: string,
): Promise<{ url: string; content_type: string } | null> {
  const document = await context.store.get('documents', documentId);
  if (!document) return null;
  const datastore = await context.store.get('datastores', document.datastore_id);
  if (!datastore?.public) return null;
  const file = await context.store.get('document_files', documentId);
  if (!file) return null;
  return {
    url: originalPathOf(document.datastore_id, documentId),
    content_type: servedTypeOf(Buffer.from(file.data.slice(0, 12), 'base64')).split(';')[0] ?? 'text/plain',
  };
}
