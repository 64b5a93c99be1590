import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The SDK's package exports point at its build (dist/), for users; tests import its source, as
    // TypeScript does through the `parley-source` export condition (tsconfig.json).
    alias: [
      {
        find: /^@parley\/sdk$/,
        replacement: fileURLToPath(new URL('packages/sdk/src/index.ts', import.meta.url)),
      },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser tests load the widget and the console from their dist folders, and the server
    // processes tests start run the compiled server (as `pnpm start` does): built when missing or stale.
    globalSetup: ['scripts/build-front-ends.ts', 'scripts/build-server.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Two test files at a time: most of a test waits on servers, browsers and child processes, so on
    // a 2-core machine the suite takes about half as long as with vitest's default there (one);
    // three made timing-bound tests flaky (measured on batches of test/: docs/architecture.md).
    maxWorkers: 2,
    reporters: ['default'],
  },
});
