import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParleyError } from '@parley/engine';
import express, { type Request, type Response, type Router } from 'express';
import { builtFile, foreverCache, isFile, sendBuiltFile, shortCache } from './built-files.js';

/** `packages/widget/dist`, made by `pnpm --filter @parley/widget build` (the start command runs it). */
export const widgetDistDirectory = path.resolve(fileURLToPath(import.meta.url), '../../../../../widget/dist');

export interface WidgetAssetsOptions {
  directory?: string;
}

/** Sends one built file of the widget, readable from any origin (the loader imports the module cross-origin). */
async function sendAsset(
  request: Request,
  response: Response,
  directory: string,
  relative: string,
  cacheControl: string,
): Promise<void> {
  const file = await builtFile(directory, relative);
  if (!file) {
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
  await sendBuiltFile(request, response, file, { cacheControl, crossOrigin: true });
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
