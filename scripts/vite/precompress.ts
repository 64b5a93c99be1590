import { gzipAsync } from '@gfx/zopfli';
import type { Plugin } from 'vite';

/**
 * Writes `<file>.gz` beside each script and style sheet, compressed by Zopfli (standard gzip, about
 * 4% smaller than zlib's best), so the server sends it compressed without work per request. Used by
 * the widget's and the console's builds.
 */
export function precompress(): Plugin {
  return {
    name: 'parley:precompress',
    apply: 'build',
    // After Vite's own steps ('post'): they still rewrite chunks in generateBundle (the dynamic
    // imports' `__VITE_PRELOAD__` placeholders), and the .gz must hold the final code.
    generateBundle: {
      order: 'post',
      async handler(_options, bundle) {
        for (const file of Object.values(bundle)) {
          if (!/\.(js|css)$/.test(file.fileName)) continue;
          const source = Buffer.from(file.type === 'chunk' ? file.code : file.source);
          const gzipped = await gzipAsync(source, { numiterations: 15 });
          this.emitFile({ type: 'asset', fileName: `${file.fileName}.gz`, source: gzipped });
        }
      },
    },
  };
}
