import { describe, expect, it } from 'vitest';
import { newDocState } from '../../stages/document.js';
import { segment } from '../../stages/segment.js';
import { paragraphs } from '../helpers.js';

describe('segment', () => {
  it('makes every non-empty line a block and numbers paragraphs by blank lines', () => {
    const doc = segment(newDocState('Title\n\nLine one\nLine two\n\n\n  Last  \n'));
    expect(doc.blocks.map((b) => [b.text, b.paragraph, b.rawStart, b.rawEnd])).toEqual([
      ['Title', 0, 0, 5],
      ['Line one', 1, 7, 15],
      ['Line two', 1, 16, 24],
      ['Last', 2, 29, 33],
    ]);
    expect(doc.edits).toEqual([]);
  });

  it('keeps offsets true to CRLF text and logs the line break it normalises inside a paragraph', () => {
    const raw = 'Title\r\n\r\nOne\r\nTwo\r\n';
    const doc = segment(newDocState(raw));
    expect(doc.blocks.map((b) => raw.slice(b.rawStart, b.rawEnd))).toEqual(['Title', 'One', 'Two']);
    expect(doc.edits).toEqual([
      { stage: 'segment', rule: 'line-break', rawStart: 12, rawEnd: 14, before: '\r\n', after: '\n' },
    ]);
  });

  it('treats a line of white space as a blank line', () => {
    const doc = segment(newDocState('A\n \t \nB'));
    expect(doc.blocks.map((b) => b.paragraph)).toEqual([0, 1]);
  });

  it('keeps the indentation of lines inside a paragraph (code, JSON): only the line end is normalised', () => {
    const raw = 'Its code:\n\nfunction Cow(name) {\n  this.name = name;   \r\n    if (!name) {\n  }\n}';
    const doc = segment(newDocState(raw));
    expect(doc.edits).toEqual([
      { stage: 'segment', rule: 'line-break', rawStart: 51, rawEnd: 56, before: '   \r\n', after: '\n' },
    ]);
    expect(paragraphs(doc)).toEqual([
      'Its code:',
      'function Cow(name) {\n  this.name = name;\n    if (!name) {\n  }\n}',
    ]);
  });
});
