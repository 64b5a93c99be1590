/**
 * Markdown as a model writes it, turned into Slack's `mrkdwn`. Every `&`, `<` and `>`
 * of the text is escaped first (Slack's rule), so nothing in an answer can become a
 * mention (`<!channel>`), a link or a user reference; only the links written as
 * Markdown (`[label](https://…)`) and bare `http(s)` URLs become Slack links.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Converts Markdown to mrkdwn; code spans and blocks are kept as they are (escaped). */
export function toMrkdwn(markdown: string): string {
  return splitCode(markdown)
    .map((part) => (part.code ? codeToMrkdwn(part.text) : proseToMrkdwn(part.text)))
    .join('');
}

interface Part {
  text: string;
  code: boolean;
}

/** Fenced blocks and inline code, apart from the prose around them. An unclosed fence runs to the end. */
function splitCode(markdown: string): Part[] {
  const parts: Part[] = [];
  const pattern = /```[\s\S]*?(?:```|$)|`[^`\n]+`/g;
  let last = 0;
  for (const match of markdown.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: markdown.slice(last, match.index), code: false });
    parts.push({ text: match[0], code: true });
    last = match.index + match[0].length;
  }
  if (last < markdown.length) parts.push({ text: markdown.slice(last), code: false });
  return parts;
}

function codeToMrkdwn(code: string): string {
  // Slack shows no language name: "```ts\n" becomes "```\n".
  const fenced = code.startsWith('```') ? code.replace(/^```[\w+-]*\n/, '```\n') : code;
  return escapeMrkdwn(fenced);
}

const linkPattern = /!?\[([^\]\n]*)\]\(\s*((?:https?:\/\/|mailto:)[^\s)]+)\s*\)/g;
const autolinkPattern = /<((?:https?:\/\/|mailto:)[^\s<>]+)>/g;
const bareUrlPattern = /\bhttps?:\/\/[^\s<>"'`]+[^\s<>"'`.,;:!?)\]]/g;

/** Markers for the links set aside and for bold (private-use characters, removed from the input first). */
const linkMark = '\uE000';
const boldMark = '\uE001';

function proseToMrkdwn(input: string): string {
  const prose = input.replace(/[\uE000\uE001]/g, '');
  // Links are set aside first so that their labels and URLs are not touched by the emphasis rules.
  const links: string[] = [];
  const keep = (link: string) => `${linkMark}${links.push(link) - 1}${linkMark}`;
  let text = prose.replace(linkPattern, (_whole, label: string, url: string) => {
    const target = slackUrl(url);
    const shown = escapeMrkdwn(label.trim()).replace(/\|/g, '¦');
    return keep(shown === '' ? `<${target}>` : `<${target}|${shown}>`);
  });
  text = text.replace(autolinkPattern, (_whole, url: string) => keep(`<${slackUrl(url)}>`));
  text = text.replace(bareUrlPattern, (url) => keep(`<${slackUrl(url)}>`));
  text = escapeMrkdwn(text);
  text = text
    .split('\n')
    .map((line) => lineToMrkdwn(line))
    .join('\n');
  text = emphasisToMrkdwn(text);
  return text.replace(
    new RegExp(`${linkMark}(\\d+)${linkMark}`, 'g'),
    (_whole, index: string) => links[Number(index)] ?? '',
  );
}

/** A URL inside `<…>`: its `&`, `<`, `>` escaped and `|` encoded (it would end the URL). */
function slackUrl(url: string): string {
  return escapeMrkdwn(url).replace(/\|/g, '%7C');
}

function lineToMrkdwn(line: string): string {
  const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
  if (heading) return `${boldMark}${(heading[1] ?? '').replace(/\*\*|__/g, '')}${boldMark}`;
  // A quote is Slack's too: `>` at the start of a line (escaped above) is put back.
  const quote = /^(\s*)&gt;\s?(.*)$/.exec(line);
  if (quote) return `${quote[1]}> ${quote[2]}`;
  if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) return '───';
  const bullet = /^(\s*)[-*+]\s+(.*)$/.exec(line);
  if (bullet) return `${bullet[1]}• ${bullet[2]}`;
  return line;
}

function emphasisToMrkdwn(text: string): string {
  return (
    text
      .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${boldMark}$1${boldMark}`)
      .replace(/__(?=\S)([^\n]*?\S)__/g, `${boldMark}$1${boldMark}`)
      // A single `*` pair is Markdown's italic, Slack's `_`.
      .replace(/(^|[^\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])/g, '$1_$2_')
      .replace(/~~(?=\S)([^\n]*?\S)~~/g, '~$1~')
      .replaceAll(boldMark, '*')
  );
}

/**
 * Splits mrkdwn into pieces of at most `limit` characters (a section's text),
 * at paragraph, line or word breaks when it can, never inside an escape or a
 * link, and closing and reopening a code fence cut in two.
 */
export function splitMrkdwn(text: string, limit = 3_000): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    let cut = bestBreak(rest, limit);
    let piece = rest.slice(0, cut);
    const fenceOpen = (piece.match(/```/g)?.length ?? 0) % 2 === 1;
    if (fenceOpen && cut + 4 > limit) {
      cut = bestBreak(rest, limit - 4);
      piece = rest.slice(0, cut);
    }
    rest = rest.slice(cut).replace(/^\n+/, '');
    if ((piece.match(/```/g)?.length ?? 0) % 2 === 1) {
      piece = `${piece}\n\`\`\``;
      rest = `\`\`\`\n${rest}`;
    }
    if (piece.trim() !== '') pieces.push(piece);
  }
  if (rest.trim() !== '' || pieces.length === 0) pieces.push(rest);
  return pieces;
}

function bestBreak(text: string, limit: number): number {
  const window = text.slice(0, limit);
  for (const separator of ['\n\n', '\n', ' ']) {
    const at = window.lastIndexOf(separator);
    if (at > limit / 2) return at + separator.length;
  }
  // No break: cut before an escape (`&amp;`) or a link (`<…>`) left open at the limit.
  const openLink = window.lastIndexOf('<');
  if (openLink > window.lastIndexOf('>') && openLink > 0) return openLink;
  const entity = /&[a-z]{0,4}$/.exec(window);
  if (entity && entity.index > 0) return entity.index;
  return limit;
}
