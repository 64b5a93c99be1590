/** What the Embed section chose: the widget's `data-*` options for one app. */
export interface EmbedOptions {
  app: string;
  key: string;
  theme: 'light' | 'dark' | 'auto';
  position: 'right' | 'left';
  /** A hex colour, or '' for the widget's own. */
  accent: string;
  /** A language tag, or '' for the page's. */
  lang: string;
}

export const accentPattern = /^#[0-9a-fA-F]{3,8}$/;
export const languagePattern = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/;

/** The value as an HTML attribute value (between double quotes). */
function attribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The one script tag for a website: `data-app` and `data-key`, then only the options that differ from
 * the widget's defaults (light, right, its own accent and language). A key not yet given shows as `pk_…`.
 */
export function embedSnippet(server: string, options: EmbedOptions): string {
  const attributes: [string, string][] = [
    ['src', `${server}/widget.js`],
    ['data-app', options.app],
    ['data-key', options.key || 'pk_…'],
  ];
  if (options.theme !== 'light') attributes.push(['data-theme', options.theme]);
  if (options.position !== 'right') attributes.push(['data-position', options.position]);
  if (accentPattern.test(options.accent)) attributes.push(['data-accent', options.accent]);
  if (languagePattern.test(options.lang)) attributes.push(['data-lang', options.lang]);
  const written = attributes.map(([name, value]) => `${name}="${attribute(value)}"`).join(' ');
  return `<script ${written} async></script>`;
}

/** The address of this server's preview page with these options (`GET /embed-preview`). */
export function previewUrl(options: EmbedOptions): string {
  const query = new URLSearchParams({ app: options.app, theme: options.theme, position: options.position });
  if (options.key) query.set('key', options.key);
  if (accentPattern.test(options.accent)) query.set('accent', options.accent);
  if (languagePattern.test(options.lang)) query.set('lang', options.lang);
  return `/embed-preview?${query.toString()}`;
}
