import { describe, expect, it } from 'vitest';
import { type EmbedOptions, embedSnippet, previewUrl } from './embed-options.js';

const defaults: EmbedOptions = {
  app: 'app_1',
  key: 'pk_live',
  theme: 'light',
  position: 'right',
  accent: '',
  lang: '',
};

describe('the embed snippet', () => {
  it('is the script tag with the app and key, and only the options that differ from the defaults', () => {
    expect(embedSnippet('https://parley.example.com', defaults)).toBe(
      '<script src="https://parley.example.com/widget.js" data-app="app_1" data-key="pk_live" async></script>',
    );
    expect(
      embedSnippet('https://parley.example.com', {
        ...defaults,
        theme: 'auto',
        position: 'left',
        accent: '#0b57d0',
        lang: 'pt-BR',
      }),
    ).toBe(
      '<script src="https://parley.example.com/widget.js" data-app="app_1" data-key="pk_live" ' +
        'data-theme="auto" data-position="left" data-accent="#0b57d0" data-lang="pt-BR" async></script>',
    );
  });

  it('shows pk_… until a key is given, leaves out an accent or language the widget would not read, and escapes', () => {
    const snippet = embedSnippet('https://parley.example.com', {
      ...defaults,
      key: '',
      accent: 'red" onload="x',
      lang: '"><b>',
    });
    expect(snippet).toBe(
      '<script src="https://parley.example.com/widget.js" data-app="app_1" data-key="pk_…" async></script>',
    );
    expect(embedSnippet('https://x.example', { ...defaults, key: 'pk_"><script>' })).toContain(
      'data-key="pk_&quot;&gt;&lt;script&gt;"',
    );
  });

  it('gives the preview page the same options', () => {
    const url = new URL(
      previewUrl({ ...defaults, theme: 'dark', accent: '#fff', lang: 'fr' }),
      'http://parley',
    );
    expect(url.pathname).toBe('/embed-preview');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app: 'app_1',
      key: 'pk_live',
      theme: 'dark',
      position: 'right',
      accent: '#fff',
      lang: 'fr',
    });
  });
});
