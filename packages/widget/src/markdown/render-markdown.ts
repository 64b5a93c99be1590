import { html, nothing, type TemplateResult } from 'lit';
import { Lexer, type Token, type Tokens } from 'marked';
import { safeLinkUrl } from './safe-link-url.js';

type Rendered = TemplateResult | string | typeof nothing | Rendered[];

/**
 * Markdown from a model, a person or a document, rendered safely: `marked`'s
 * lexer reads it into tokens and each token becomes a Lit template, so every
 * piece of text is bound as text (never parsed as HTML). Raw HTML shows as
 * the text it is; links are kept only for http(s) and mailto and open in a
 * new tab without access to this page; images become links.
 */
export function renderMarkdown(source: string, streaming = false, sources?: string[]): TemplateResult {
  const entry = lexed(source, streaming);
  labels = sources;
  if (sources) return html`${blocks(entry.tokens)}`;
  entry.template ??= html`${blocks(entry.tokens)}`;
  return entry.template;
}

/**
 * While an answer with sources renders, the accessible name of each source by its number: its
 * `[n]` markers become buttons (`.cite`, `data-n`) the chat opens the source viewer from.
 */
let labels: string[] | undefined;

/** A text with `[n]` markers, those of a cited source as buttons. */
function markers(text: string): Rendered {
  return labels
    ? text
        .split(/\[(\d{1,3})\]/)
        .map((part, index) =>
          index % 2 === 0
            ? part
            : labels?.[+part]
              ? html`<button type="button" class="cite" part="cite" data-n=${part} aria-label=${labels[+part]}>[${part}]</button>`
              : `[${part}]`,
        )
    : text;
}

interface Lexed {
  tokens: Token[];
  template?: TemplateResult;
}

/** Finished texts are re-rendered often (and spoken once): lexed once, by source. */
const cache = new Map<string, Lexed>();
const cacheSize = 200;
/** The text still streaming, kept apart: each of its prefixes is read once, and none evicts a finished one. */
let streamed: { source: string; entry: Lexed } | null = null;

function lexed(source: string, streaming: boolean): Lexed {
  let entry = cache.get(source);
  if (entry) return entry;
  entry = streamed?.source === source ? streamed.entry : { tokens: new Lexer({ gfm: true }).lex(source) };
  if (streaming) {
    streamed = { source, entry };
  } else {
    if (streamed?.source === source) streamed = null;
    if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
    cache.set(source, entry);
  }
  return entry;
}

function blocks(tokens: Token[]): Rendered[] {
  return tokens.map(block);
}

function block(token: Token): Rendered {
  switch (token.type) {
    case 'paragraph':
      return html`<p>${inline((token as Tokens.Paragraph).tokens)}</p>`;
    case 'heading': {
      const heading = token as Tokens.Heading;
      return html`<p class="heading" role="heading" aria-level=${Math.min(heading.depth + 2, 6)}>
        ${inline(heading.tokens)}
      </p>`;
    }
    case 'code':
      return html`<pre part="code-block"><code>${(token as Tokens.Code).text}</code></pre>`;
    case 'blockquote':
      return html`<blockquote>${blocks((token as Tokens.Blockquote).tokens)}</blockquote>`;
    case 'list':
      return list(token as Tokens.List);
    case 'table':
      return table(token as Tokens.Table);
    case 'hr':
      return html`<hr />`;
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : text.text;
    }
    case 'space':
    case 'def':
      return nothing;
    default:
      // Raw HTML blocks and anything unknown: shown as the text they are.
      return html`<p>${token.raw.trim()}</p>`;
  }
}

function list(token: Tokens.List): Rendered {
  const items = token.items.map(
    (item) =>
      html`<li>${item.tokens.map((child) =>
        child.type === 'checkbox' ? ((child as Tokens.Checkbox).checked ? '☑ ' : '☐ ') : block(child),
      )}</li>`,
  );
  if (!token.ordered) return html`<ul>${items}</ul>`;
  const start = typeof token.start === 'number' ? token.start : 1;
  return html`<ol start=${start}>${items}</ol>`;
}

function table(token: Tokens.Table): Rendered {
  return html`<div class="table" part="table">
    <table>
      <thead>
        <tr>
          ${token.header.map((cell) => html`<th data-align=${cell.align ?? nothing}>${inline(cell.tokens)}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${token.rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell) => html`<td data-align=${cell.align ?? nothing}>${inline(cell.tokens)}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function inline(tokens: Token[] | undefined): Rendered[] {
  return (tokens ?? []).map(inlineToken);
}

function inlineToken(token: Token): Rendered {
  switch (token.type) {
    case 'text': {
      const text = token as Tokens.Text;
      return text.tokens ? inline(text.tokens) : markers(text.text);
    }
    case 'strong':
      return html`<strong>${inline((token as Tokens.Strong).tokens)}</strong>`;
    case 'em':
      return html`<em>${inline((token as Tokens.Em).tokens)}</em>`;
    case 'del':
      return html`<del>${inline((token as Tokens.Del).tokens)}</del>`;
    case 'codespan':
      return html`<code>${(token as Tokens.Codespan).text}</code>`;
    case 'br':
      return html`<br />`;
    case 'escape':
      return (token as Tokens.Escape).text;
    case 'link': {
      const link = token as Tokens.Link;
      const href = safeLinkUrl(link.href);
      return href ? external(href, inline(link.tokens)) : inline(link.tokens);
    }
    case 'image': {
      const image = token as Tokens.Image;
      const href = safeLinkUrl(image.href);
      const label = image.text || image.href;
      return href ? external(href, label) : label;
    }
    default:
      // Inline HTML (`<img onerror=…>`, `<script>`) and anything unknown: the text as written.
      return token.raw;
  }
}

function external(href: string, content: Rendered): TemplateResult {
  return html`<a href=${href} target="_blank" rel="noopener noreferrer">${content}</a>`;
}

/**
 * What a screen reader should hear of finished Markdown: its words, without the marks (`|`, `**`,
 * fences). Reads the tokens its render has (or will have).
 */
export function markdownToSpeech(source: string): string {
  const words: string[] = [];
  const walk = (tokens: Token[] | undefined): void => {
    for (const token of tokens ?? []) {
      if (token.type === 'table') {
        const table = token as Tokens.Table;
        for (const row of [table.header, ...table.rows]) for (const cell of row) walk(cell.tokens);
      } else if (token.type === 'list') {
        for (const item of (token as Tokens.List).items) walk(item.tokens);
      } else if ('tokens' in token && Array.isArray(token.tokens)) {
        walk(token.tokens);
      } else if (token.type !== 'space' && token.type !== 'hr' && 'text' in token) {
        words.push(String(token.text));
      }
    }
  };
  walk(lexed(source, false).tokens);
  return words.join(' ').replace(/\s+/g, ' ').trim();
}
