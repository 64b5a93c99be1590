import { z } from 'zod';
import { identifier, timestamp } from './common.js';

// Datastores and documents

const publicFlag = z.boolean().meta({
  description:
    'Whether visitors may open the original file of a cited document (the source viewer links to it, at the cited ' +
    'page of a PDF). Parley keeps the uploaded file of a document only while this is true: files uploaded before ' +
    'stay unavailable until uploaded again. Default false.',
});

export const createDatastoreBody = z.strictObject({
  name: z.string().min(1).max(100),
  description: z.string().max(1_000).optional(),
  public: publicFlag.optional(),
});

export const updateDatastoreBody = createDatastoreBody.partial();

export const datastore = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    public: publicFlag,
    document_count: z.number().int(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Datastore' });

export const textDocumentBody = z.strictObject({
  name: z.string().min(1).max(200).meta({ description: 'e.g. returns.md; the extension says the format' }),
  text: z.string().min(1).max(1_000_000),
});

/** The multipart form of a document upload (the OpenAPI document; `readUpload` reads it). */
export const documentUploadForm = z.object({
  file: z.file().meta({ description: 'The document: PDF, DOCX, HTML, Markdown or plain text' }),
  name: z.string().max(200).optional().meta({ description: 'The name to keep; the file name when absent' }),
});

export const document = z
  .object({
    id: z.string(),
    datastore_id: z.string(),
    name: z.string(),
    content_type: z.string().nullable(),
    size_bytes: z.number().int(),
    status: z.enum(['processing', 'ready', 'failed']),
    progress: z.number().min(0).max(1).meta({ description: 'How far reading has come, 0 to 1' }),
    error: z.string().nullable(),
    page_count: z.number().int().nullable(),
    chunk_count: z.number().int().nullable(),
    created_at: timestamp,
    updated_at: timestamp,
  })
  .meta({ title: 'Document' });

export const passage = z
  .object({
    id: z.string(),
    document_id: z.string(),
    page_number: z
      .number()
      .int()
      .meta({ description: 'The page the passage is on: the real page of a PDF; 1 otherwise' }),
    section: z
      .string()
      .nullable()
      .meta({ description: 'Markdown and HTML: the heading the passage sits under; null otherwise' }),
    text: z.string().meta({ description: 'Verbatim text of that page, as it is searched and cited' }),
  })
  .meta({ title: 'Passage' });

export const datastorePath = z.strictObject({ id: identifier });
export const documentPath = z.strictObject({ id: identifier, document_id: identifier });

/** `GET …/documents/:document_id/original`: the credential may come in the query, for a link. */
export const originalQuery = z.strictObject({
  key: z
    .string()
    .max(200)
    .optional()
    .meta({
      description:
        'The publishable key or share token, for a link opened in a new tab (it cannot send `Authorization`); ' +
        '`Authorization: Bearer` wins when both are sent',
    }),
});
