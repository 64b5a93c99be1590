import { defineConfig } from 'vite';
import { minifyComponentStyles } from '../../scripts/vite/minify-component-styles.js';
import { precompress } from '../../scripts/vite/precompress.js';

/**
 * The console: one ES module `dist/assets/console.js` (the shell: sign-in, navigation, the router)
 * and one chunk per page, loaded when the page is opened (`src/pages/registry.ts`), so the first
 * load stays small and the chart code comes with the analytics page only. The server answers every
 * `/console/*` path with its HTML shell, which loads `console.js`; neither uses `eval` or inline
 * scripts or styles, so both run under the strict CSP the server sends.
 */
export default defineConfig({
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  plugins: [minifyComponentStyles(), precompress()],
  base: '/console/',
  build: {
    target: 'es2022',
    minify: true,
    sourcemap: false,
    modulePreload: false,
    reportCompressedSize: true,
    outDir: 'dist',
    assetsDir: '',
    rollupOptions: {
      input: { console: 'src/console-app.ts' },
      preserveEntrySignatures: 'strict',
      output: {
        format: 'es',
        entryFileNames: 'assets/[name].js',
        chunkFileNames: 'assets/chunks/[name]-[hash].js',
      },
    },
  },
});
