/**
 * How the passages found for a question are written at the end of the system
 * message, and read back. A model sees its sources only there, as a provider's
 * model does: the request carries no field for them. The reader serves models
 * that answer without a language model (the offline model); it lives beside the
 * writer so the two cannot drift apart.
 */
import type { ModelSource } from './chat-model.js';

const noSourceSentence =
  'No passage of the knowledge base matches this question. Say you could not find it; do not invent an answer.';

const sourcesHeading =
  'Answer from the sources below. After each statement, cite the source it comes from as [n]. ' +
  'If the sources do not contain the answer, say so instead of guessing.\n\nSources:\n';

/** `[n] "name", page p:` and its line break, as written for source number n. */
function sourceHeader(source: Pick<ModelSource, 'number' | 'document_name' | 'page_number'>): string {
  return `[${source.number}] "${source.document_name}", page ${source.page_number}:\n`;
}

/** The block the system message ends with when the agent has knowledge; sources numbered from 1. */
export function writeSourcesBlock(sources: ModelSource[]): string {
  if (sources.length === 0) return noSourceSentence;
  const listed = sources.map((source) => `${sourceHeader(source)}${source.text}`).join('\n\n');
  return `${sourcesHeading}${listed}`;
}

/** Where source `number`'s header starts in `text` at or after `from`, with its name and page; else null. */
function findHeader(
  text: string,
  number: number,
  from: number,
): { at: number; end: number; document_name: string; page_number: number } | null {
  const header = new RegExp(`\\[${number}\\] "([\\s\\S]*?)", page (\\d+):\\n`, 'g');
  header.lastIndex = from;
  const match = header.exec(text);
  if (!match) return null;
  return {
    at: match.index,
    end: match.index + match[0].length,
    document_name: match[1] ?? '',
    page_number: Number(match[2]),
  };
}

/** The sources listed after the heading, numbered 1, 2, …; null when they do not read as written. */
function readListed(listed: string): ModelSource[] | null {
  const sources: ModelSource[] = [];
  let current = findHeader(listed, 1, 0);
  if (current?.at !== 0) return null;
  while (current) {
    const number: number = sources.length + 1;
    // The next source starts after a blank line; a later "[n+1] …" inside a passage's own text cannot be told apart.
    let next = findHeader(listed, number + 1, current.end);
    while (next && listed.slice(next.at - 2, next.at) !== '\n\n')
      next = findHeader(listed, number + 1, next.at + 1);
    const textEnd = next ? next.at - 2 : listed.length;
    sources.push({
      number,
      document_name: current.document_name,
      page_number: current.page_number,
      text: listed.slice(current.end, textEnd),
    });
    current = next;
  }
  return sources;
}

/**
 * The sources a system message ends with, as `writeSourcesBlock` wrote them: an
 * empty list when it says none matched, null when it has no sources block (an
 * agent without knowledge).
 */
export function readSourcesBlock(systemMessage: string): ModelSource[] | null {
  if (systemMessage.endsWith(noSourceSentence)) return [];
  // The block comes last, after the agent's own prompt: the first heading whose list reads as written.
  for (let start = systemMessage.indexOf(sourcesHeading); start !== -1; ) {
    const sources = readListed(systemMessage.slice(start + sourcesHeading.length));
    if (sources) return sources;
    start = systemMessage.indexOf(sourcesHeading, start + 1);
  }
  return null;
}
