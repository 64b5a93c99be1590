import type { Plugin } from 'vite';

/** Lit's \`css\` blocks are written for people; the browser needs neither comments nor indentation. */
export function minifyComponentStyles(): Plugin {
  return {
    name: 'parley:minify-styles',
    apply: 'build',
    transform(code, id) {
      if (!id.endsWith('.styles.ts')) return null;
      const minified = code.replace(/css`([^`]*)`/g, (_match, text: string) => {
        const compact = text
          .replace(/\/\*[\s\S]*?\*\//g, '')
          .replace(/\s+/g, ' ')
          .replace(/\s*([{};,>])\s*/g, '$1')
          .replace(/;}/g, '}')
          .replace(/: /g, ':')
          .trim();
        return `css\`${compact}\``;
      });
      return { code: minified, map: null };
    },
  };
}
