/**
 * segment: text → blocks. Every non-empty line is a block (scrapers put captions, alt text and headings on
 * lines of their own); blank lines separate paragraphs. Inside a paragraph, a line break written as anything
 * but a bare "\n" (CRLF, trailing spaces) is normalised, and that is logged like any other edit. The next
 * line's leading indentation is not part of the break: it stays, so code, JSON and verse keep their layout.
 */
import type { Block, DocState, Edit } from './document.js';
import { isSpaceCode } from './document.js';

const STAGE = 'segment';

export function segment(doc: DocState): DocState {
  const raw = doc.raw;
  const blocks: Block[] = [];
  const edits: Edit[] = [...doc.edits];
  let paragraph = 0;
  let blankSincePrevious = false;
  // Lines end at CRLF, LF or CR. Each indexOf result is kept until the scan passes it, so finding all line
  // ends stays linear, with no regex match or copy per line.
  let nextLf = raw.indexOf('\n');
  let nextCr = raw.indexOf('\r');
  for (let lineStart = 0, nextStart = 0; lineStart < raw.length; lineStart = nextStart) {
    if (nextLf !== -1 && nextLf < lineStart) nextLf = raw.indexOf('\n', lineStart);
    if (nextCr !== -1 && nextCr < lineStart) nextCr = raw.indexOf('\r', lineStart);
    const lineEnd = Math.min(nextLf === -1 ? raw.length : nextLf, nextCr === -1 ? raw.length : nextCr);
    nextStart = lineEnd === nextCr && nextLf === lineEnd + 1 ? lineEnd + 2 : lineEnd + 1;
    // What trim() keeps: isSpaceCode is the white space trim() removes.
    let rawStart = lineStart;
    while (rawStart < lineEnd && isSpaceCode(raw.charCodeAt(rawStart))) rawStart++;
    let rawEnd = lineEnd;
    while (rawEnd > rawStart && isSpaceCode(raw.charCodeAt(rawEnd - 1))) rawEnd--;
    if (rawStart === rawEnd) {
      blankSincePrevious = true;
      continue;
    }
    const previous = blocks[blocks.length - 1];
    if (previous && blankSincePrevious) paragraph++;
    const block: Block = {
      index: blocks.length,
      paragraph,
      rawStart,
      rawEnd,
      text: raw.slice(rawStart, rawEnd),
      role: 'body',
    };
    if (previous && previous.paragraph === paragraph) {
      // The break is the previous line's trailing white space and its line end; this line's indentation
      // (lineStart to rawStart) is text and stays.
      const bareNewline = lineStart === previous.rawEnd + 1 && raw.charCodeAt(previous.rawEnd) === 0x0a;
      if (!bareNewline) {
        edits.push({
          stage: STAGE,
          rule: 'line-break',
          rawStart: previous.rawEnd,
          rawEnd: lineStart,
          before: raw.slice(previous.rawEnd, lineStart),
          after: '\n',
        });
      }
    }
    blocks.push(block);
    blankSincePrevious = false;
  }
  return { ...doc, blocks, edits };
}
