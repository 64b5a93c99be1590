import { ParleyError, type UploadInput } from '@parley/engine';
import busboy from 'busboy';
import type { Request } from 'express';

/** Reads a `multipart/form-data` upload: one `file` part, and an optional `name` field. */
export function readUpload(request: Request, limitBytes: number): Promise<UploadInput> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fileSize: limitBytes, fields: 5, fieldSize: 1024 },
      });
    } catch (error) {
      reject(
        new ParleyError(
          'invalid_request',
          'The multipart body could not be read',
          { field: 'Content-Type' },
          { cause: error },
        ),
      );
      return;
    }
    let file: { name: string; contentType: string; chunks: Buffer[]; truncated: boolean } | null = null;
    let chosenName: string | null = null;
    parser.on('field', (field, value) => {
      if (field === 'name' && value.trim()) chosenName = value.trim().slice(0, 200);
    });
    parser.on('file', (field, stream, info) => {
      if (field !== 'file') {
        stream.resume();
        return;
      }
      const current = {
        name: info.filename || 'upload',
        contentType: info.mimeType,
        chunks: [] as Buffer[],
        truncated: false,
      };
      file = current;
      stream.on('data', (chunk: Buffer) => current.chunks.push(chunk));
      stream.on('limit', () => {
        current.truncated = true;
      });
    });
    parser.on('error', (error) => {
      reject(
        new ParleyError(
          'invalid_request',
          'The multipart body could not be read',
          { field: 'body' },
          { cause: error },
        ),
      );
    });
    parser.on('close', () => {
      const received = file as {
        name: string;
        contentType: string;
        chunks: Buffer[];
        truncated: boolean;
      } | null;
      if (!received) {
        reject(
          new ParleyError('invalid_request', 'Send the document in a part named "file"', { field: 'file' }),
        );
      } else if (received.truncated) {
        reject(
          new ParleyError('payload_too_large', `The document is larger than ${limitBytes} bytes`, {
            field: 'file',
            limit_bytes: limitBytes,
          }),
        );
      } else {
        const contentType = received.contentType === 'application/octet-stream' ? null : received.contentType;
        resolve({ name: chosenName ?? received.name, bytes: Buffer.concat(received.chunks), contentType });
      }
    });
    request.pipe(parser);
  });
}
