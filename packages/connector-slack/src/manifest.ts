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
