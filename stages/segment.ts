/**
 * segment: text → blocks. Every non-empty line is a block (scrapers put captions, alt text and headings on
 * lines of their own); blank lines separate paragraphs. Inside a paragraph, a line break written as anything
 * but a bare "\n" (CRLF, trailing spaces) is normalised, and that is logged like any other edit.
 */
import type { Block, DocState, Edit } from './document.js';

const STAGE = 'segment';
const LINE = /[^\r\n]*(?:\r\n|\n|\r|$)/gy;

export function segment(doc: DocState): DocState {
  const blocks: Block[] = [];
  const edits: Edit[] = [...doc.edits];
  let paragraph = 0;
  let blankSincePrevious = false;
  LINE.lastIndex = 0;
  for (let match = LINE.exec(doc.raw); match && match[0] !== ''; match = LINE.exec(doc.raw)) {
    const lineStart = match.index;
    const content = match[0].replace(/[\r\n]+$/, '');
    const lead = content.length - content.trimStart().length;
    const text = content.trim();
    if (text === '') {
      blankSincePrevious = true;
      continue;
    }
    const previous = blocks[blocks.length - 1];
    if (previous && blankSincePrevious) paragraph++;
    const rawStart = lineStart + lead;
    const block: Block = {
      index: blocks.length,
      paragraph,
      rawStart,
      rawEnd: rawStart + text.length,
      text,
      role: 'body',
    };
    if (previous && previous.paragraph === paragraph) {
      const separator = doc.raw.slice(previous.rawEnd, block.rawStart);
      if (separator !== '\n') {
        edits.push({
          stage: STAGE,
          rule: 'line-break',
          rawStart: previous.rawEnd,
          rawEnd: block.rawStart,
          before: separator,
          after: '\n',
        });
      }
    }
    blocks.push(block);
    blankSincePrevious = false;
  }
  return { ...doc, blocks, edits };
}
