import path from 'node:path';
import express, { type Request, type Router } from 'express';
import { sendPage, templatesDirectory } from './render-page.js';

/** What the preview may show: the widget's own choices, or its default when a value is not one of them. */
function queryValue(request: Request, name: string, pattern: RegExp, fallback = ''): string {
  const value = request.query[name];
  return typeof value === 'string' && pattern.test(value) ? value : fallback;
}

/**
 * `GET /embed-preview?app=…&key=…&theme=…&position=…&accent=…&lang=…`: a plain page holding the
 * widget's script tag with those `data-*` attributes, for the console's Apps → Embed preview (an
 * iframe; only this server's pages may frame it). The key is a publishable key, public by design;
 * with none, or one the app's origins do not allow here, the widget says the chat is unavailable.
 */
export function embedPreviewRouter(): Router {
  const router = express.Router();
  router.get('/embed-preview', async (request, response) => {
    await sendPage(
      response,
      path.join(templatesDirectory, 'embed-preview.html'),
      {
        APP: queryValue(request, 'app', /^app_[A-Za-z0-9_-]{1,100}$/),
        KEY: queryValue(request, 'key', /^pk_[A-Za-z0-9_-]{1,200}$/),
        THEME: queryValue(request, 'theme', /^(?:light|dark|auto)$/, 'light'),
        POSITION: queryValue(request, 'position', /^(?:right|left)$/, 'right'),
        ACCENT: queryValue(request, 'accent', /^#[0-9a-fA-F]{3,8}$/),
        LANG: queryValue(request, 'lang', /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'en'),
      },
      200,
      { frameAncestors: "'self'" },
    );
  });
  return router;
}
