import { readdirSync, readFileSync } from 'node:fs';
import { defineConfig, type Plugin, type UserConfig } from 'vite';
import { minifyComponentStyles } from '../../scripts/vite/minify-component-styles.js';
import { minifyHtmlTemplates } from '../../scripts/vite/minify-html-templates.js';
import { precompress } from '../../scripts/vite/precompress.js';

const version = (
  JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * The widget uses only `marked`'s lexer (tokens become Lit templates), but the
 * package is one module whose last statements build a default `Marked`
 * instance with its parser and renderer, which no bundler can drop. This cuts
 * the module before that instance and exports the lexer alone (about 4 kB
 * gzip less). If a new `marked` is shaped differently, the whole module is
 * kept and the build says so.
 */
function markedLexerOnly(): Plugin {
  return {
    name: 'parley:marked-lexer-only',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]marked[\\/]lib[\\/]marked\.esm\.js$/.test(id)) return null;
      const markedClass = /(\w+) as Marked\b/.exec(code)?.[1];
      const lexer = /(\w+) as Lexer\b/.exec(code)?.[1];
      const instance = markedClass ? code.search(new RegExp(`var \\w+=new ${markedClass}\\b`)) : -1;
      if (!lexer || instance < 0) {
        this.warn('marked has a new shape: bundling all of it (the widget gets heavier)');
        return null;
      }
      return { code: `${code.slice(0, instance)}export{${lexer} as Lexer};`, map: null };
    },
  };
}

/**
 * engine.io-client's table of default transports holds WebTransport too,
 * which the widget never asks for (it connects with `websocket` and `polling`
 * only, and an upgrade the server offers is used only if the client lists
 * it), so no bundler can drop it. The table is rewritten without it, which
 * drops it and the stream codec only it uses (about 0.8 kB gzip). If a new
 * engine.io-client is shaped differently, the file is kept whole and the
 * build says so.
 */
function engineWithoutWebTransport(): Plugin {
  return {
    name: 'parley:engine-without-webtransport',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]engine\.io-client[\\/]build[\\/]esm[\\/]transports[\\/]index\.js$/.test(id)) return null;
      const trimmed = code
        .replace(/^import \{ WT \} from "\.\/webtransport\.js";\n/m, '')
        .replace(/^\s*webtransport: WT,\n/m, '');
      if (/\bWT\b/.test(trimmed) || trimmed === code) {
        this.warn(
          'engine.io-client has a new shape: bundling its WebTransport transport (the widget gets heavier)',
        );
        return null;
      }
      return { code: trimmed, map: null };
    },
  };
}

const shared: UserConfig = {
  define: {
    __PARLEY_VERSION__: JSON.stringify(version),
    'process.env.NODE_ENV': JSON.stringify('production'),
  },
  plugins: [
    markedLexerOnly(),
    engineWithoutWebTransport(),
    minifyComponentStyles(),
    minifyHtmlTemplates(),
    precompress(),
  ],
  build: {
    target: 'es2022',
    minify: true,
    sourcemap: false,
    reportCompressedSize: true,
  },
};

/**
 * Two builds into `dist/` (`vite build`, then `vite build --mode loader`):
 * - the component module `widget/parley-chat.js` (Lit, socket.io-client, marked), an ES module,
 *   the texts of each built-in language beside it, `widget/lang/<code>.js`, and `widget/away.js`
 *   (the away notice and email form, with its texts in every language) `widget/sources.js` (the source viewer)
 *   and `widget/notify.js` (a person's replies while the chat is closed: badge, preview, title);
 * - the loader `widget.js`, a classic script (IIFE: no globals but `window.Parley`, safe to load twice).
 * Neither uses `eval` or inline styles, so both run under a strict CSP.
 */
export default defineConfig(({ mode }) => ({
  ...shared,
  build: {
    ...shared.build,
    modulePreload: false,
    emptyOutDir: mode !== 'loader',
    rollupOptions:
      mode === 'loader'
        ? {
            input: 'src/loader/widget.ts',
            output: { format: 'iife', entryFileNames: 'widget.js' },
          }
        : {
            // Each language's built-in texts are an entry of their own, `widget/lang/<code>.js`: a
            // chat loads its language's alone (English is built in).
            input: {
              'parley-chat': 'src/parley-chat.ts',
              // The away notice and its email form, loaded only when the server says no one will answer soon.
              away: 'src/away/away.ts',
              // The source viewer, loaded only when a `[n]` marker or a source's name is pressed.
              sources: 'src/sources/sources.ts',
              // A person's replies while the chat is closed, loaded by the loader only while the stored session is escalated.
              notify: 'src/notify/notify.ts',
              ...Object.fromEntries(
                readdirSync(new URL('./src/strings/lang/', import.meta.url)).map((file) => [
                  `lang/${file.replace(/\.ts$/, '')}`,
                  `src/strings/lang/${file}`,
                ]),
              ),
            },
            preserveEntrySignatures: 'strict',
            output: {
              format: 'es',
              entryFileNames: 'widget/[name].js',
              chunkFileNames: 'widget/chunks/[name]-[hash].js',
            },
          },
  },
}));
