import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';

export const templatesDirectory = path.resolve(fileURLToPath(import.meta.url), '../../../../templates');
export const publicDirectory = path.resolve(fileURLToPath(import.meta.url), '../../../../public');

const pageSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; connect-src 'self'";

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** Fills `{{NAME}}` slots of an HTML file with escaped text and sends it with a strict CSP. */
export async function sendPage(
  response: Response,
  file: string,
  values: Record<string, string>,
  status = 200,
  options: { frameAncestors?: string } = {},
): Promise<void> {
  const template = await readFile(file, 'utf8');
  const page = template.replace(/\{\{([A-Z_]+)\}\}/g, (_slot, name: string) =>
    escapeHtml(values[name] ?? ''),
  );
  response
    .status(status)
    .setHeader(
      'Content-Security-Policy',
      options.frameAncestors
        ? `${pageSecurityPolicy}; frame-ancestors ${options.frameAncestors}`
        : pageSecurityPolicy,
    )
    .setHeader('Referrer-Policy', 'no-referrer')
    .setHeader('Cache-Control', 'no-store')
    .type('html')
    .send(page);
}
