/** Replaced at build time (`vite.config.ts`). */
declare const __PARLEY_VERSION__: string;
