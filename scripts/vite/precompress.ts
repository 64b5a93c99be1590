import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipAsync } from '@gfx/zopfli';
import type { Plugin } from 'vite';

/**
 * Writes `<file>.gz` beside each script and style sheet, compressed by Zopfli (standard gzip, about
 * 4% smaller than zlib's best), so the server sends it compressed without work per request. Used by
 * the widget's and the console's builds. It runs once the files are written (`writeBundle`): earlier,
 * a chunk still holds placeholders Vite fills in last (`__VITE_PRELOAD__` of a lazy page's imports).
 */
export function precompress(): Plugin {
  return {
    name: 'parley:precompress',
    apply: 'build',
    async writeBundle(options, bundle) {
      const directory = options.dir ?? path.dirname(options.file ?? '');
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css)$/.test(file.fileName)) continue;
        const source = Buffer.from(file.type === 'chunk' ? file.code : file.source);
        const gzipped = await gzipAsync(source, { numiterations: 15 });
        await writeFile(path.join(directory, `${file.fileName}.gz`), gzipped);
      }
    },
  };
}
