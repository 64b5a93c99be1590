import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Request, Response } from 'express';

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Stable names are revalidated after a few minutes; hashed chunk names never change. */
export const shortCache = 'public, max-age=300';
export const foreverCache = 'public, max-age=31536000, immutable';

export async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/** The file a request names inside a build folder, when it is a script or style sheet that exists there. */
export async function builtFile(directory: string, relative: string): Promise<string | null> {
  const file = path.resolve(directory, relative);
  if (!contentTypes[path.extname(file)] || !file.startsWith(directory + path.sep)) return null;
  return (await isFile(file)) ? file : null;
}

/**
 * Sends a file of a Vite build (the widget's, the console's): the `.gz` made at build time when the
 * browser takes gzip, with its content type, caching and `nosniff`; `crossOrigin` also lets any
 * site load it (the widget is imported cross-origin).
 */
export async function sendBuiltFile(
  request: Request,
  response: Response,
  file: string,
  options: { cacheControl: string; crossOrigin: boolean },
): Promise<void> {
  const gzipped = request.acceptsEncodings('gzip') === 'gzip' && (await isFile(`${file}.gz`));
  response.setHeader('Content-Type', contentTypes[path.extname(file)] ?? 'application/octet-stream');
  response.setHeader('Cache-Control', options.cacheControl);
  response.vary('Accept-Encoding');
  if (options.crossOrigin) {
    response.setHeader('Access-Control-Allow-Origin', '*');
    response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    response.setHeader('Timing-Allow-Origin', '*');
  } else {
    response.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  }
  response.setHeader('X-Content-Type-Options', 'nosniff');
  if (gzipped) response.setHeader('Content-Encoding', 'gzip');
  await new Promise<void>((resolve, reject) => {
    response.sendFile(gzipped ? `${file}.gz` : file, { cacheControl: false, dotfiles: 'deny' }, (error) => {
      if (!error || response.headersSent) return resolve();
      // The error answer is JSON, not this file.
      response.removeHeader('Content-Encoding');
      reject(error);
    });
  });
}
