const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/**
 * The link as an absolute http(s) or mailto URL, or null for anything else
 * (`javascript:`, `data:`, malformed input, relative paths unless a `base`
 * resolves them).
 */
export function safeLinkUrl(href: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  return allowedProtocols.has(url.protocol) ? url.href : null;
}
