import { readFile } from 'node:fs/promises';
import express, { type Router } from 'express';
import type { PolicyFiles } from '../../config.js';
import { escapeHtml } from './render-page.js';

/**
 * `GET /privacy` and `GET /terms`: the pages the Teams and Slack app manifests link to. Built-in
 * texts say what a self-hosted Parley keeps and who answers for it (the team that runs it); an
 * operator replaces either with a plain-text file (`PARLEY_PRIVACY_FILE`, `PARLEY_TERMS_FILE`:
 * paragraphs between blank lines, shown as text, never as markup).
 */
const builtIn = {
  privacy: {
    title: 'Privacy',
    paragraphs: [
      'This assistant is run by the organisation that invited you to use it, on its own servers, with Parley (self-hosted software). That organisation decides what is kept and for how long; ask it about your data.',
      'What is kept: the messages of your conversations with the assistant and with the team, the answers and the sources they cite, your ratings of answers, and what the website or chat platform passes along (for example your display name in Slack or Microsoft Teams).',
      'Why: to answer you, to let a person from the team continue your conversation when you ask for one, and to let the team see how well the assistant answers.',
      'Questions may be sent to the language model the organisation chose to write the answers. Nothing is sold or used for advertising by Parley.',
      'To see or delete what is kept about you, write to the organisation that runs this assistant.',
    ],
  },
  terms: {
    title: 'Terms of use',
    paragraphs: [
      'This assistant is provided by the organisation that invited you to use it. Its answers are written by software from that organisation’s documents and can be wrong: check important answers against the sources it cites, or ask for a person.',
      'Do not share passwords, payment card numbers or other secrets in the chat.',
      'The organisation’s own terms for its services apply to your use of this assistant.',
    ],
  },
} as const;

type PolicyName = keyof typeof builtIn;

async function paragraphsOf(name: PolicyName, files: PolicyFiles | undefined): Promise<readonly string[]> {
  const file = files?.[name];
  if (!file) return builtIn[name].paragraphs;
  const text = await readFile(file, 'utf8');
  return text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

function policyPage(title: string, paragraphs: readonly string[]): string {
  const body = paragraphs.map((paragraph) => `      <p>${escapeHtml(paragraph)}</p>`).join('\n');
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="/assets/page.css" />
  </head>
  <body class="message-page">
    <main>
      <h1>${escapeHtml(title)}</h1>
${body}
    </main>
  </body>
</html>
`;
}

export function policyPagesRouter(files: PolicyFiles | undefined): Router {
  const router = express.Router();
  for (const name of ['privacy', 'terms'] as const) {
    router.get(`/${name}`, async (_request, response, next) => {
      try {
        const page = policyPage(builtIn[name].title, await paragraphsOf(name, files));
        response
          .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'self'")
          .setHeader('Referrer-Policy', 'no-referrer')
          .setHeader('Cache-Control', 'public, max-age=300')
          .type('html')
          .send(page);
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}
