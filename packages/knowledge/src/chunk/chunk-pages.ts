import { type DocumentHeading, forEachInSlices, type PassageChunk } from '@parley/engine';
import {
  isLineBreak,
  isParagraphBreak,
  isSentenceBreak,
  isSentenceStart,
  isWordBreak,
  isWordStart,
  nextNonSpace,
  previousNonSpaceEnd,
} from './boundaries.js';

export interface ChunkOptions {
  /** The longest a passage gets, in characters (UTF-16 code units). Default 700. */
  targetCharacters?: number;
  /** How much of the end of a passage the next one repeats when a cut falls inside a paragraph. Default 100. */
  overlapCharacters?: number;
}

/** A passage of a page: `page.slice(start, end)`. */
export interface PassageRange {
  start: number;
  end: number;
}

type Boundary = (text: string, index: number) => boolean;

/** Where to end a passage starting at `start`: the last boundary of the best kind within reach. */
function cutPoint(page: string, start: number, target: number): { cut: number; atParagraph: boolean } {
  const limit = start + target;
  const earliest = start + Math.floor(target / 2);
  const last = (boundary: Boundary, from: number): number | null => {
    for (let index = limit; index > from; index--) if (boundary(page, index)) return index;
    return null;
  };
  const paragraph = last(isParagraphBreak, earliest);
  if (paragraph !== null) return { cut: paragraph, atParagraph: true };
  const cut = last(isSentenceBreak, earliest) ?? last(isLineBreak, earliest) ?? last(isWordBreak, start);
  if (cut !== null) return { cut, atParagraph: false };
  // One word longer than the target: cut it, but not inside a surrogate pair.
  const high = page.charCodeAt(limit - 1);
  return { cut: high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit, atParagraph: false };
}

/** Where the passage after a cut starts: a sentence, else a word, up to `overlap` characters back. */
function overlapStart(page: string, start: number, cut: number, overlap: number): number {
  const from = Math.max(start + 1, cut - overlap);
  for (const boundary of [isSentenceStart, isWordStart]) {
    for (let index = from; index < cut; index++) if (boundary(page, index)) return index;
  }
  return nextNonSpace(page, cut);
}

/** The passages of one page, in order, as offsets into it, one at a time. */
function* eachPassageRange(page: string, options: ChunkOptions = {}): Generator<PassageRange> {
  const target = Math.floor(options.targetCharacters ?? 700);
  if (!(target >= 2)) throw new RangeError('targetCharacters must be at least 2');
  const overlap = Math.max(0, Math.min(Math.floor(options.overlapCharacters ?? 100), Math.floor(target / 2)));
  const pageEnd = previousNonSpaceEnd(page, page.length);
  let start = nextNonSpace(page, 0);
  while (start < pageEnd) {
    if (pageEnd - start <= target) {
      yield { start, end: pageEnd };
      break;
    }
    const { cut, atParagraph } = cutPoint(page, start, target);
    yield { start, end: previousNonSpaceEnd(page, cut) };
    start = atParagraph ? nextNonSpace(page, cut) : overlapStart(page, start, cut, overlap);
  }
}

/** The passages of one page, in order, as offsets into it. */
export function passageRanges(page: string, options: ChunkOptions = {}): PassageRange[] {
  return [...eachPassageRange(page, options)];
}

/** A stretch of a page under one heading (or before the first): passages never cross a heading. */
interface Section {
  start: number;
  end: number;
  heading?: string;
}

/** The page cut at its headings, in order; a page without headings is one section. */
function sectionsOf(page: string, headings: DocumentHeading[]): Section[] {
  const sections: Section[] = [{ start: 0, end: page.length }];
  for (const heading of headings) {
    const last = sections[sections.length - 1] as Section;
    if (heading.at < last.start || heading.at > page.length) continue;
    last.end = heading.at;
    sections.push({ start: heading.at, end: page.length, heading: heading.text });
  }
  return sections;
}

function* eachPassage(
  pages: string[],
  options: ChunkOptions,
  headings: DocumentHeading[],
): Generator<PassageChunk> {
  for (const [index, page] of pages.entries()) {
    const pageHeadings = headings.filter((heading) => heading.page_number === index + 1);
    for (const section of sectionsOf(page, pageHeadings)) {
      const text = page.slice(section.start, section.end);
      for (const { start, end } of eachPassageRange(text, options)) {
        yield {
          page_number: index + 1,
          text: text.slice(start, end),
          ...(section.heading === undefined ? {} : { section: section.heading }),
        };
      }
    }
  }
}

/**
 * Cuts pages into passages of about `targetCharacters`, at a paragraph break if one is in reach, else
 * at a sentence end, a line break or between words. Passages never cross pages; each is verbatim text
 * of its page, and consecutive passages of a paragraph overlap a little so that a fact cut in two by
 * one boundary is whole in the next passage. Given the headings of Markdown or HTML pages, a passage
 * never crosses a heading either, and carries the heading it sits under as its `section`.
 */
export function chunkPages(
  pages: string[],
  options: ChunkOptions = {},
  headings: DocumentHeading[] = [],
): PassageChunk[] {
  return [...eachPassage(pages, options, headings)];
}

/**
 * `chunkPages`, yielding to the event loop every few milliseconds: what ingestion uses, so that
 * cutting a very long document never holds up requests.
 */
export async function chunkPagesInSlices(
  pages: string[],
  options: ChunkOptions = {},
  headings: DocumentHeading[] = [],
): Promise<PassageChunk[]> {
  const passages: PassageChunk[] = [];
  await forEachInSlices(eachPassage(pages, options, headings), (passage) => {
    passages.push(passage);
  });
  return passages;
}
