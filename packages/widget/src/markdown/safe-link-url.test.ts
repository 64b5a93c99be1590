import { describe, expect, it } from 'vitest';
import { safeLinkUrl } from './safe-link-url.js';

describe('safeLinkUrl', () => {
  it('keeps http(s) and mailto links, normalised', () => {
    expect(safeLinkUrl('https://example.com/a b')).toBe('https://example.com/a%20b');
    expect(safeLinkUrl(' http://example.com ')).toBe('http://example.com/');
    expect(safeLinkUrl('mailto:help@example.com')).toBe('mailto:help@example.com');
  });

  it('refuses script, data, relative and malformed links', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '/relative/path',
      '//evil.example/x',
      'http://',
      '',
    ]) {
      expect(safeLinkUrl(href), href).toBeNull();
    }
  });

  it('resolves against a base, still keeping only http(s) and mailto, and refuses malformed URLs', () => {
    const base = 'https://shop.example/help/page.html';
    expect(safeLinkUrl('/avatar.png', base)).toBe('https://shop.example/avatar.png');
    expect(safeLinkUrl('img/a b.png', base)).toBe('https://shop.example/help/img/a%20b.png');
    expect(safeLinkUrl('https://cdn.example/a.png', base)).toBe('https://cdn.example/a.png');
    expect(safeLinkUrl('javascript:alert(1)', base)).toBeNull();
    expect(safeLinkUrl('data:image/png;base64,AAAA', base)).toBeNull();
    expect(safeLinkUrl('http://[', base)).toBeNull();
    expect(safeLinkUrl('/avatar.png', 'not a base')).toBeNull();
  });
});
