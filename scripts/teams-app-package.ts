/**
 * Writes the Teams app package to upload (Teams admin center or "Upload a custom app"):
 * `manifest.json` with the bot's app id and Parley's host filled in, and the two icons.
 *
 *   MICROSOFT_APP_ID=… PARLEY_PUBLIC_URL=https://parley.example.org pnpm teams:package [out.zip]
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { teamsAppPackage } from '@parley/connector-teams';

const appId = process.env.MICROSOFT_APP_ID;
if (!appId) {
  console.error(
    'Set MICROSOFT_APP_ID to the bot’s Microsoft App ID (and PARLEY_PUBLIC_URL to Parley’s URL).',
  );
  process.exit(1);
}
const output = path.resolve(process.argv[2] ?? 'parley-teams-app.zip');
writeFileSync(output, teamsAppPackage({ appId, publicUrl: process.env.PARLEY_PUBLIC_URL }));
console.log(`wrote ${output}: upload it in Teams (Apps → Manage your apps → Upload an app)`);
