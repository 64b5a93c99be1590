/** Turns CRLF, lone CR and the Unicode line and paragraph separators into `\n`. */
export function normalizeLineEndings(text: string): string {
  return text.replace(/\r\n?|[\u2028\u2029]/g, '\n');
}

/**
 * Tidies extracted text: one space for any run of spaces or tabs, no spaces at line ends,
 * at most one blank line between paragraphs, control characters dropped.
 */
export function normalizePageText(text: string): string {
  return (
    normalizeLineEndings(text)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: extracted text carries stray control characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[^\S\n]+/g, ' ')
      .replace(/ ?\n ?/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}
