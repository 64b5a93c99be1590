/**
 * `pnpm build` (and the first step of `pnpm start`): the chat widget and the console (Vite), and the
 * server compiled to JavaScript, each only when its sources changed since its last build.
 */
import { buildStaleFrontEnds } from './build-front-ends.js';
import { buildServer } from './build-server.js';

const frontEnds = buildStaleFrontEnds();
const server = await buildServer();
const built = [...frontEnds, ...server];
process.stdout.write(
  built.length > 0 ? `Built: ${built.join(', ')}\n` : 'Everything is built and up to date.\n',
);
