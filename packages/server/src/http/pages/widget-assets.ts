import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParleyError } from '@parley/engine';
import express, { type Request, type Response, type Router } from 'express';

/** `packages/widget/dist`, made by `pnpm --filter @parley/widget build` (the start command runs it). */
export const widgetDistDirectory = path.resolve(fileURLToPath(import.meta.url), '../../../../../widget/dist');

const contentTypes: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** Stable names are revalidated after a few minutes; hashed chunk names never change. */
const shortCache = 'public, max-age=300';
const foreverCache = 'public, max-age=31536000, immutable';

export interface WidgetAssetsOptions {
  directory?: string;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

/**
 * Sends one built file: the `.gz` made at build time when the browser takes
 * gzip, readable from any origin (the loader imports the component module
 * cross-origin, which needs CORS), with its content type and caching.
 */
async function sendAsset(
  request: Request,
  response: Response,
  directory: string,
  relative: string,
  cacheControl: string,
): Promise<void> {
  const file = path.resolve(directory, relative);
  const type = contentTypes[path.extname(file)];
  if (!type || !file.startsWith(directory + path.sep) || !(await isFile(file))) {
    const built = await isFile(path.join(directory, 'widget.js'));
    throw new ParleyError(
      'not_found',
      built ? `No widget file ${relative}` : 'The chat widget is not built',
      {
        path: request.path,
        ...(built ? {} : { hint: 'Run: npx -y pnpm@10.34.8 --filter @parley/widget build' }),
      },
    );
  }
  const gzipped = request.acceptsEncodings('gzip') === 'gzip' && (await isFile(`${file}.gz`));
  response.setHeader('Content-Type', type);
  response.setHeader('Cache-Control', cacheControl);
  response.vary('Accept-Encoding');
  response.setHeader('Access-Control-Allow-Origin', '*');
  response.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  response.setHeader('Timing-Allow-Origin', '*');
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

/**
 * The chat widget's files: `/widget.js` (the loader a website's script tag
 * names) and `/widget/*` (the component module and its chunks), from
 * `packages/widget/dist`.
 */
export function widgetAssetsRouter({ directory = widgetDistDirectory }: WidgetAssetsOptions = {}): Router {
  const root = path.resolve(directory);
  const router = express.Router();
  router.get('/widget.js', async (request, response) => {
    await sendAsset(request, response, root, 'widget.js', shortCache);
  });
  router.get('/widget/*file', async (request, response) => {
    const segments = (request.params as { file: string[] }).file;
    const relative = path.posix.join('widget', ...segments);
    await sendAsset(request, response, root, relative, segments[0] === 'chunks' ? foreverCache : shortCache);
  });
  return router;
}
