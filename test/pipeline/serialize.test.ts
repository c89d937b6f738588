import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CSV_STRINGIFY_OPTIONS,
  csvHeader,
  csvRows,
  DOCUMENT_COLUMNS,
  neutraliseFormula,
  SENTENCE_COLUMNS,
} from '../../pipeline/serialize.js';

type Cell = string | number | null;

/** What csv-stringify writes for the same rows, cells prepared as csvRows prepares them. */
function oracle(rows: readonly Cell[][]): string {
  if (rows.length === 0) return '';
  const cells = rows.map((row) =>
    row.map((value) =>
      value === null ? '' : typeof value === 'string' ? neutraliseFormula(value) : String(value),
    ),
  );
  return stringify(cells, {
    ...CSV_STRINGIFY_OPTIONS,
    quoted_match: [...CSV_STRINGIFY_OPTIONS.quoted_match],
  });
}

function asRecords(rows: readonly Cell[][], width: number) {
  const columns = Array.from({ length: width }, (_, i) => `c${i}`);
  const records = rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i] ?? null])));
  return { columns, records };
}

describe('csvRows writes what csv-stringify writes', () => {
  it('on examples of each quoting reason', () => {
    const rows: Cell[][] = [
      ['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\ronly', 'crlf\r\nend', '', null, 3, -1.5],
      ['=SUM(A1)', '+1', '-x', '@me', '\tTab', "'=quoted", "'plain", 'ends,', '"', ','],
    ];
    const { columns, records } = asRecords(rows, 10);
    expect(csvRows(records, columns)).toBe(oracle(rows));
    expect(csvRows(records, columns)).toBe(
      'plain,"a,b","say ""hi""","two\nlines","cr\ronly","crlf\r\nend",,,3,-1.5\r\n' +
        `"'=SUM(A1)","'+1","'-x","'@me","'\tTab","''=quoted",'plain,"ends,","""",","\r\n`,
    );
  });

  it('on random cells built from the characters that matter', () => {
    const text = fc.string({
      unit: fc.constantFrom('a', 'Z', ' ', ',', '"', "'", '\n', '\r', '\t', '=', '+', '-', '@', 'é', '😀'),
      maxLength: 8,
    });
    const cell: fc.Arbitrary<Cell> = fc.oneof(
      text,
      text,
      fc.constant(null),
      fc.integer(),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.array(cell, { maxLength: 5 }), { maxLength: 4 }),
        (width, raw) => {
          const rows = raw.map((row) => Array.from({ length: width }, (_, i) => row[i] ?? null));
          const { columns, records } = asRecords(rows, width);
          expect(csvRows(records, columns)).toBe(oracle(rows));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('writes the same header lines', () => {
    for (const columns of [DOCUMENT_COLUMNS, SENTENCE_COLUMNS]) {
      expect(csvHeader(columns)).toBe(stringify([columns.slice()], { record_delimiter: '\r\n' }));
    }
  });
});
