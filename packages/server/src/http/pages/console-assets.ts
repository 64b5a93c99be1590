import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParleyError } from '@parley/engine';
import express, { type Response, type Router } from 'express';
import { builtFile, foreverCache, isFile, sendBuiltFile } from './built-files.js';

/** `packages/console/dist`, made by `pnpm --filter @parley/console build` (the start command runs it). */
export const consoleDistDirectory = path.resolve(
  fileURLToPath(import.meta.url),
  '../../../../../console/dist',
);

/**
 * Scripts from this server only, no inline script or style, no plugins, no framing by other sites,
 * calls and sockets to this server only. Lit's styles are constructed style sheets, which a CSP
 * does not block.
 */
export const consoleSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

const shell = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Parley console</title>
<link rel="icon" href="data:,">
<script type="module" src="/console/assets/console.js"></script>
</head>
<body><parley-console></parley-console><noscript>The Parley console needs JavaScript.</noscript></body>
</html>
`;

const notBuilt = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Parley console</title></head>
<body><p>The console is not built. Run: <code>npx -y pnpm@10.34.8 --filter @parley/console build</code></p></body>
</html>
`;

function sendShell(response: Response, built: boolean): void {
  response
    .status(built ? 200 : 503)
    .setHeader('Content-Security-Policy', consoleSecurityPolicy)
    .setHeader('Referrer-Policy', 'no-referrer')
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('X-Frame-Options', 'DENY')
    .setHeader('Cross-Origin-Opener-Policy', 'same-origin')
    .setHeader('Cache-Control', 'no-store')
    .type('html')
    .send(built ? shell : notBuilt);
}

export interface ConsoleAssetsOptions {
  directory?: string;
}

/**
 * The console at `/console/`: its built files under `/console/assets/` (the entry revalidated on
 * every load, hashed chunks cached for good), and the HTML shell for every other `/console/*` path,
 * so any page of it can be reloaded or linked to.
 */
export function consoleRouter({ directory = consoleDistDirectory }: ConsoleAssetsOptions = {}): Router {
  const root = path.resolve(directory, 'assets');
  // Strict: `/console` (redirected) and `/console/` (the shell) are two paths.
  const router = express.Router({ strict: true });
  router.get('/console', (_request, response) => {
    response.redirect(301, '/console/');
  });
  router.get('/console/assets/*file', async (request, response) => {
    const segments = (request.params as { file: string[] }).file;
    const relative = path.posix.join(...segments);
    const file = await builtFile(root, relative);
    if (!file) throw new ParleyError('not_found', `No console file ${relative}`, { path: request.path });
    const cacheControl = segments[0] === 'chunks' ? foreverCache : 'no-cache';
    await sendBuiltFile(request, response, file, { cacheControl, crossOrigin: false });
  });
  router.get(['/console/', '/console/*page'], async (_request, response) => {
    sendShell(response, await isFile(path.join(root, 'console.js')));
  });
  return router;
}
