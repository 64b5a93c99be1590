import * as schemas from '@parley/contract/schemas';
import { invalidRequest } from '@parley/engine';
import { sendOriginal } from '../downloads/send-original.js';
import { readUpload } from '../read-upload.js';
import { alreadyAnswered, defineRoute } from './define-route.js';

const tag = 'Datastores';

function contentTypeForName(name: string): string {
  return /\.(?:md|markdown)$/i.test(name)
    ? 'text/markdown'
    : /\.html?$/i.test(name)
      ? 'text/html'
      : 'text/plain';
}

export const datastoreRoutes = [
  defineRoute({
    method: 'post',
    path: '/v1/datastores',
    operationId: 'createDatastore',
    summary: 'Create a datastore',
    tag,
    access: 'secret',
    body: schemas.createDatastoreBody,
    response: schemas.datastore,
    successStatus: 201,
    handle: async ({ engine, body }) => engine.datastores.create(body),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/datastores',
    operationId: 'listDatastores',
    summary: 'List datastores',
    tag,
    access: 'secret',
    query: schemas.listQuery,
    response: schemas.listOf(schemas.datastore),
    handle: async ({ engine, query }) => engine.datastores.list(query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/datastores/:id',
    operationId: 'getDatastore',
    summary: 'Get a datastore',
    tag,
    access: 'secret',
    params: schemas.datastorePath,
    response: schemas.datastore,
    handle: async ({ engine, params }) => engine.datastores.get(params.id),
  }),
  defineRoute({
    method: 'patch',
    path: '/v1/datastores/:id',
    operationId: 'updateDatastore',
    summary: 'Rename or describe a datastore',
    tag,
    access: 'secret',
    params: schemas.datastorePath,
    body: schemas.updateDatastoreBody,
    response: schemas.datastore,
    handle: async ({ engine, params, body }) => engine.datastores.update(params.id, body),
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/datastores/:id',
    operationId: 'deleteDatastore',
    summary: 'Delete a datastore with its documents',
    description: 'Its documents stop being cited at once, and it is disconnected from every agent.',
    tag,
    access: 'secret',
    params: schemas.datastorePath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.datastores.delete(params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/v1/datastores/:id/documents',
    operationId: 'uploadDocument',
    summary: 'Add a document',
    description:
      'Multipart (`file`, optional `name`): PDF, DOCX, HTML, Markdown or plain text; or JSON `{name, text}`. The ' +
      'document answers 201 with `status: "processing"` and is read in the background; it becomes `ready` with ' +
      '`page_count` and `chunk_count`, or `failed` with `error`. Larger than `PARLEY_UPLOAD_LIMIT_BYTES` (20 MiB): 413.',
    tag,
    access: 'secret',
    params: schemas.datastorePath,
    body: schemas.textDocumentBody,
    acceptsMultipart: true,
    response: schemas.document,
    successStatus: 201,
    handle: async ({ engine, services, params, body, request }) => {
      await engine.datastores.get(params.id);
      if (body) {
        return engine.documents.upload(params.id, {
          name: body.name,
          bytes: Buffer.from(body.text, 'utf8'),
          contentType: contentTypeForName(body.name),
        });
      }
      const upload = await readUpload(request, services.uploadLimitBytes);
      if (upload.bytes.byteLength === 0) throw invalidRequest('file', 'is empty');
      return engine.documents.upload(params.id, upload);
    },
  }),
  defineRoute({
    method: 'get',
    path: '/v1/datastores/:id/documents',
    operationId: 'listDocuments',
    summary: 'List the documents of a datastore',
    tag,
    access: 'secret',
    params: schemas.datastorePath,
    query: schemas.listQuery,
    response: schemas.listOf(schemas.document),
    handle: async ({ engine, params, query }) => engine.documents.list(params.id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/datastores/:id/documents/:document_id',
    operationId: 'getDocument',
    summary: 'Get a document and its reading status',
    tag,
    access: 'secret',
    params: schemas.documentPath,
    response: schemas.document,
    handle: async ({ engine, params }) => engine.documents.get(params.id, params.document_id),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/datastores/:id/documents/:document_id/passages',
    operationId: 'listDocumentPassages',
    summary: "List a document's passages",
    description:
      'The passages the document was cut into, in reading order, each with its `page_number` (and `section` for ' +
      'Markdown and HTML): exactly the text searched and cited. Empty while the document is `processing` or when it `failed`.',
    tag,
    access: 'secret',
    params: schemas.documentPath,
    query: schemas.listQuery,
    response: schemas.listOf(schemas.passage),
    handle: async ({ engine, params, query }) =>
      engine.documents.passages(params.id, params.document_id, query),
  }),
  defineRoute({
    method: 'get',
    path: '/v1/datastores/:id/documents/:document_id/original',
    operationId: 'getDocumentOriginal',
    summary: "Download a document's original file (public datastores)",
    description:
      'The file as uploaded, while the datastore is `public` (kept only for documents uploaded while it was): the ' +
      "source viewer's *Open the original* link. A publishable key or share token may fetch it only when it may " +
      'use an agent answering from the datastore (and from its allowed web origins, as every call). A PDF is ' +
      'answered as `application/pdf` inline (add `#page=N` to open a page); anything else as a `text/plain` ' +
      'attachment; always with `X-Content-Type-Options: nosniff` and a `Content-Security-Policy` that runs no ' +
      'script. The credential may come as `?key=` for a link (it cannot send a header). 404 when the datastore is ' +
      'not public, the file was not kept, or the credential may not reach it.',
    tag,
    access: 'agent',
    credentialInQuery: true,
    params: schemas.documentPath,
    query: schemas.originalQuery,
    produces: { contentType: 'application/pdf', description: 'The PDF, or the file as text/plain to save' },
    handle: async ({ engine, params, principal, response }) => {
      sendOriginal(response, await engine.documents.original(params.id, params.document_id, principal));
      return alreadyAnswered;
    },
  }),
  defineRoute({
    method: 'delete',
    path: '/v1/datastores/:id/documents/:document_id',
    operationId: 'deleteDocument',
    summary: 'Delete a document',
    description: 'Answers stop citing it at once.',
    tag,
    access: 'secret',
    params: schemas.documentPath,
    response: schemas.deleted,
    handle: async ({ engine, params }) => engine.documents.delete(params.id, params.document_id),
  }),
];
