import type { Response } from 'express';

/**
 * A document's original file on Parley's own origin, so it must never run there: a PDF is shown as a PDF
 * (inline, so `#page=` opens the cited page); anything else (an uploaded HTML page included) is plain text
 * to save, never sniffed, never framed, and sandboxed by the CSP (no script, no same origin) if a browser
 * renders it anyway.
 */
export function sendOriginal(
  response: Response,
  file: { name: string; content_type: 'application/pdf' | 'text/plain; charset=utf-8'; bytes: Buffer },
) {
  const pdf = file.content_type === 'application/pdf';
  const asciiName = file.name.replace(/[^A-Za-z0-9._-]/g, '_');
  // RFC 5987: what `encodeURIComponent` leaves of `'()*` is encoded too.
  const utf8Name = encodeURIComponent(file.name).replace(
    /['()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const disposition = `${pdf ? 'inline' : 'attachment'}; filename="${asciiName}"; filename*=UTF-8''${utf8Name}`;
  response
    .status(200)
    .set({
      'Content-Type': file.content_type,
      'Content-Disposition': disposition,
      'X-Content-Type-Options': 'nosniff',
      // A PDF needs the browser's viewer (a sandboxed document may not load it); it runs no script of the page.
      'Content-Security-Policy': pdf
        ? "default-src 'none'; object-src 'self'; frame-ancestors 'none'"
        : "default-src 'none'; sandbox; frame-ancestors 'none'",
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Cache-Control': 'private, no-store',
    })
    .send(file.bytes);
}
