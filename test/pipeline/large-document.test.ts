/**
 * A document of many MB is written key by key and its text in slices (pipeline/writers/json.ts, the
 * documents.csv row in pipeline/serialize.ts), so that encoding it builds no string the size of its text:
 * the bytes must be exactly those of the one-call path, JSON.stringify of the record and csv-stringify's row.
 * The `large` threshold is lowered to 0 here so that small records take the sliced path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { clean, isRejected } from '../../pipeline/index.js';
import type { DocumentRecord } from '../../pipeline/schemas.js';
import { csvRows, DOCUMENT_COLUMNS, documentRow, emitDocumentRow } from '../../pipeline/serialize.js';
import { emitDocumentLine, sliceEnds } from '../../pipeline/writers/json.js';
import { RAW } from '../helpers.js';

const SLICE = 1 << 16;

/** A real record of raw/, its text and paragraphs replaced (keys stay in the schema's order). */
function recordWith(paragraphTexts: readonly string[]): DocumentRecord {
  const name = readdirSync(RAW).sort()[0]!;
  const record = clean(readFileSync(join(RAW, name)), { sourcePath: name });
  if (isRejected(record)) throw new Error(`${name} was rejected: ${record.reason}`);
  return {
    ...record,
    text: paragraphTexts.join('\n\n'),
    paragraphs: paragraphTexts.map((text, index) => ({ index, rawStart: index, rawEnd: index + 1, text })),
  };
}

function pieces(emitter: (emit: (text: string) => void) => void): string[] {
  const out: string[] = [];
  emitter((text) => out.push(text));
  return out;
}

/** A long text whose slice boundaries fall on surrogate pairs, escapes and CSV's special characters. */
function longText(lead: string): string {
  // The first slice would end between the halves of 🇧 (a pair at SLICE - 1, SLICE).
  const head = `${lead}${'x'.repeat(SLICE - 1 - lead.length)}🇧🇾`;
  return `${head} "quoted", back\\slash\ttab\r\nCRLF \u2028 lone \ud800 end ${'Über ’ 👨‍👩‍👧 '.repeat(9000)}`;
}

describe('a large document emitted in slices', () => {
  const paragraphs = [longText('Long paragraph: '), ...Array.from({ length: 150 }, (_, i) => `Short ${i}.`)];

  it('documents.jsonl: the same line as JSON.stringify, with no piece near the size of the text', () => {
    const record = recordWith(paragraphs);
    const out = pieces((emit) => emitDocumentLine(record, emit, 0));
    expect(out.join('')).toBe(`${JSON.stringify(record)}\n`);
    expect(Math.max(...out.map((piece) => piece.length))).toBeLessThan(4 * SLICE);
    expect(record.text.length).toBeGreaterThan(3 * SLICE);
  });

  it('documents.jsonl: keys whose value JSON leaves out are left out here too', () => {
    const record = { ...recordWith(['One.', 'Two.']), extra: undefined } as unknown as DocumentRecord;
    expect(pieces((emit) => emitDocumentLine(record, emit, 0)).join('')).toBe(`${JSON.stringify(record)}\n`);
  });

  it.each([
    ['plain text, not quoted', 'Plain text without anything to quote'],
    ['a quote', 'He said "yes" then'],
    ['a comma', 'One, two'],
    ['a bare LF', 'One\ntwo'],
    ['a bare CR', 'One\rtwo'],
    ['a formula start', '=SUM(A1:A2)'],
    ['quotes before a formula start', '\'\'+1, and "more"'],
    ['a long text', longText('=formula ')],
    ['a long plain text', `${'a'.repeat(SLICE - 1)}🇧🇾${'b'.repeat(SLICE * 2)}`],
  ])('documents.csv: the same row as csv-stringify for %s', (_, text) => {
    const record = { ...recordWith([text]), text };
    const out = pieces((emit) => emitDocumentRow(record, emit, 0));
    expect(out.join('')).toBe(csvRows([documentRow(record)], DOCUMENT_COLUMNS));
    expect(Math.max(...out.map((piece) => piece.length))).toBeLessThan(4 * SLICE);
  });

  it('slices never split a surrogate pair and cover the text exactly', () => {
    const text = `ab🇧🇾c${'😀'.repeat(10)}`;
    for (let size = 1; size < 8; size++) {
      const ends = [...sliceEnds(text, size)];
      expect(ends.map(([from, to]) => text.slice(from, to)).join('')).toBe(text);
      for (const [from, to] of ends) {
        expect(to).toBeGreaterThan(from);
        // A lone surrogate does not survive UTF-8 (it becomes U+FFFD).
        const slice = text.slice(from, to);
        expect(Buffer.from(slice, 'utf8').toString('utf8')).toBe(slice);
      }
    }
  });
});
