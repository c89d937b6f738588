/**
 * documents.csv and sentences.csv cells are encoded by serialize.ts's own encoder, a fast path for
 * csv-stringify: checked here against csv-stringify itself with the options the files were written with
 * (csvStringifyOptions), on rows of every kind of cell the writers produce and of the characters that decide
 * quoting (issue 14 item 8: a fast path is checked against its rule).
 */
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Provenance, SentenceRecord } from '../../pipeline/schemas.js';
import {
  csvRows,
  csvStringifyOptions,
  emitCsvRows,
  SENTENCE_COLUMNS,
  sentenceRow,
  sentenceRows,
} from '../../pipeline/serialize.js';
import { PartArena } from '../../pipeline/writers/arena.js';

const COLUMNS = ['a', 'b', 'c', 'd'] as const;
type Cells = Record<(typeof COLUMNS)[number], string | number | null>;

const reference = (rows: readonly Cells[]): string =>
  rows.length === 0
    ? ''
    : stringify(
        rows.map((row) => COLUMNS.map((column) => row[column])),
        csvStringifyOptions(),
      );

/** Characters that decide quoting and neutralising, mixed with ordinary and non-ASCII text. */
const TRICKY = ['"', ',', '\r', '\n', '\r\n', "'", '=', '+', '-', '@', '\t', ' ', 'a', 'é', '🎉', '""', ';'];
const text = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(fc.constantFrom(...TRICKY), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.constantFrom('', '=SUM(A1)', "'=x", "''+1", '-5 degrees', '@mayor', '\tx', '\rx', 'a,b', 'say "hi"'),
);
const cell = fc.oneof(text, fc.integer(), fc.double(), fc.constantFrom(null, 0, -0, -1, 1.5, 1e21));
const row = fc.record({ a: cell, b: cell, c: cell, d: cell });

describe('csvRows', () => {
  it('writes the bytes csv-stringify writes with the files options, for any rows', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 6 }), (rows) => {
        expect(csvRows(rows, COLUMNS)).toBe(reference(rows));
      }),
      { numRuns: 2000 },
    );
  });

  it('quotes, doubles quotes and neutralises formulas as csv-stringify does (examples read by hand)', () => {
    const rows: Cells[] = [
      { a: 'plain', b: 'a, b', c: 'say "hi"', d: null },
      { a: '=1+1', b: 'line\nbreak', c: 'cr\ronly', d: 42 },
      { a: '', b: -3, c: "'=already", d: 'x' },
    ];
    const expected =
      'plain,"a, b","say ""hi""",\r\n' + `"'=1+1","line\nbreak","cr\ronly",42\r\n` + `,-3,"''=already",x\r\n`;
    expect(csvRows(rows, COLUMNS)).toBe(expected);
    expect(reference(rows)).toBe(expected);
  });
});

/** What emitCsvRows wrote into a PartArena of small buffers (so that cells cross from one into the next). */
function arenaBytes(rows: readonly Cells[], chunkBytes: number): Buffer {
  const arena = new PartArena(chunkBytes);
  arena.begin();
  emitCsvRows(rows, COLUMNS, arena.emit);
  return Buffer.concat(arena.end());
}

describe('emitCsvRows', () => {
  // Long cells take the arena's csvQuoted path (256 code units or more): tricky units repeated.
  const long = fc
    .tuple(
      text,
      fc.integer({ min: 0, max: 300 }),
      fc.constantFrom('"', '""', 'é"', '"🎉', ',', '\n', 'ab', '\ud800"'),
    )
    .map(([head, n, unit]) => head + unit.repeat(n) + head);
  const longCell = fc.oneof(cell, long);
  const longRow = fc.record({ a: longCell, b: longCell, c: longCell, d: longCell });

  it('emits into an arena the UTF-8 bytes of csvRows, long quoted cells included', () => {
    fc.assert(
      fc.property(fc.array(longRow, { maxLength: 4 }), fc.constantFrom(16, 300, 4096), (rows, chunk) => {
        expect(arenaBytes(rows, chunk).equals(Buffer.from(csvRows(rows, COLUMNS), 'utf8'))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('doubles the quotes of a long cell, keeps a long formula neutralised, and leaves a long plain cell bare', () => {
    const quoted = `"${'x'.repeat(300)}"é"`;
    const formula = `=${'"'.repeat(300)}`;
    const plain = 'y'.repeat(300);
    const rows: Cells[] = [{ a: quoted, b: formula, c: plain, d: 1 }];
    const expected = `"""${'x'.repeat(300)}""é""","'=${'""'.repeat(300)}",${plain},1\r\n`;
    expect(csvRows(rows, COLUMNS)).toBe(expected);
    expect(arenaBytes(rows, 64).toString('utf8')).toBe(expected);
  });

  it('builds the row as a string for an emitter without csvQuoted', () => {
    const rows: Cells[] = [{ a: `"${'x'.repeat(300)}"`, b: 'a,b', c: null, d: 2 }];
    const pieces: string[] = [];
    emitCsvRows(rows, COLUMNS, (piece) => pieces.push(piece));
    expect(pieces).toEqual([csvRows(rows, COLUMNS)]);
  });
});

describe('sentenceRows', () => {
  const provenance = fc.record({
    sourcePath: text,
    sourceSha256: text,
    sourceBytes: fc.nat(),
    record: fc.constant(null),
    pipelineVersion: text,
    codeFingerprint: text,
    configHash: text,
  }) as fc.Arbitrary<Provenance>;
  const offset = fc.nat({ max: 1000 });

  it('writes the rows csvRows writes for the sentences, whichever provenance objects they share', () => {
    fc.assert(
      fc.property(
        fc.array(provenance, { minLength: 1, maxLength: 3 }),
        fc.array(fc.tuple(text, offset, offset, offset, offset, text, fc.nat({ max: 2 })), { maxLength: 6 }),
        (provenances, cells) => {
          const sentences = cells.map(
            ([docId, index, paragraph, rawStart, rawEnd, sentence, p]): SentenceRecord => ({
              docId,
              index,
              paragraph,
              rawStart,
              rawEnd,
              text: sentence,
              provenance: provenances[p % provenances.length]!,
            }),
          );
          expect(sentenceRows(sentences)).toBe(csvRows(sentences.map(sentenceRow), SENTENCE_COLUMNS));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('repeats the provenance cells on every row (example read by hand)', () => {
    const p: Provenance = {
      sourcePath: 'a,b.txt',
      sourceSha256: 'ff',
      sourceBytes: 3,
      record: null,
      pipelineVersion: '1',
      codeFingerprint: 'c',
      configHash: '=h',
    };
    const s = (index: number, sentence: string): SentenceRecord => ({
      docId: 'd',
      index,
      paragraph: 0,
      rawStart: index,
      rawEnd: index + 1,
      text: sentence,
      provenance: p,
    });
    expect(sentenceRows([s(0, 'Hi.'), s(1, 'Say "x".')])).toBe(
      `d,0,0,0,1,Hi.,"a,b.txt",ff,1,c,"'=h"\r\nd,1,0,1,2,"Say ""x"".","a,b.txt",ff,1,c,"'=h"\r\n`,
    );
  });
});
