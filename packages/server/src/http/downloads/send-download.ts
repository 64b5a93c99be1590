import type { Response } from 'express';

/** Answers a file to save: its type, a safe file name, and never sniffed or cached. */
export function sendDownload(
  response: Response,
  contentType: string,
  fileName: string,
  body: string | Buffer,
) {
  const safeName = fileName.replace(/[^A-Za-z0-9._-]/g, '_');
  response
    .status(200)
    .set({
      'Content-Type': contentType,
      'Content-Disposition': `attachment; filename="${safeName}"`,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    })
    .send(body);
}
