import { readFileSync } from 'node:fs';
import path from 'node:path';

const manifestFile = path.resolve(import.meta.dirname, '..', 'manifest', 'slack-app-manifest.json');
const placeholderUrl = 'https://parley.example.com';

/** The Slack app manifest, its request URLs on `publicUrl` (e.g. `https://parley.example.org`) when given. */
export function slackAppManifest(publicUrl?: string): string {
  const manifest = readFileSync(manifestFile, 'utf8');
  if (!publicUrl) return manifest;
  return manifest.replaceAll(placeholderUrl, new URL(publicUrl).origin);
}

/** The bot scopes the manifest asks for, asked again by "Add to Slack". */
export function slackBotScopes(): string[] {
  const manifest = JSON.parse(slackAppManifest()) as { oauth_config: { scopes: { bot: string[] } } };
  return manifest.oauth_config.scopes.bot;
}
