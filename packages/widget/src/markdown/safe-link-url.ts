const allowedProtocols = new Set(['http:', 'https:', 'mailto:']);

/**
 * The link as an absolute http(s) or mailto URL, or null for anything else
 * (`javascript:`, `data:`, relative paths, malformed input).
 */
export function safeLinkUrl(href: string): string | null {
  let url: URL;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  return allowedProtocols.has(url.protocol) ? url.href : null;
}
