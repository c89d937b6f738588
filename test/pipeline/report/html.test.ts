/** The report's HTML helpers where their output is bytes: a page's pieces encoded without joining them. */
import { describe, expect, it } from 'vitest';
import { num, utf8 } from '../../../pipeline/report/html.js';

/** The bytes of the joined pieces, as writing the joined string would give them. */
const joined = (pieces: string[]) => Buffer.from(pieces.join(''), 'utf8');

describe('utf8', () => {
  it('gives the bytes of the joined pieces: ASCII, Latin-1, other planes, empty pieces', () => {
    const cases = [
      [],
      [''],
      ['<p>', 'plain', '</p>'],
      ['café ', '', 'naïve', '→ title', '“quoted”…'],
      ['emoji 😀 whole in one piece', ' 中文 ', 'end'],
    ];
    for (const pieces of cases) expect(utf8(pieces).equals(joined(pieces))).toBe(true);
  });

  it('keeps a surrogate pair split across two pieces one character, as the joined string has it', () => {
    const pieces = ['before \uD83D', '\uDE00 after'];
    expect(utf8(pieces).equals(joined(pieces))).toBe(true);
    expect(utf8(pieces).toString('utf8')).toBe('before 😀 after');
  });

  it('writes lone surrogates as the joined string does (U+FFFD)', () => {
    for (const pieces of [['a\uD83D', 'b'], ['a', '\uDE00b'], ['\uD83D'], ['x\uDE00\uD83D', '']])
      expect(utf8(pieces).equals(joined(pieces))).toBe(true);
  });

  it('returns bytes of their own: a later page does not overwrite an earlier one', () => {
    const first = utf8(['first page é']);
    utf8(['second page, longer than the first ü']);
    expect(first.toString('utf8')).toBe('first page é');
  });

  it('encodes a page larger than the scratch buffer it keeps', () => {
    const pieces = ['é'.repeat(3 << 20), 'x'];
    expect(utf8(pieces).equals(joined(pieces))).toBe(true);
  });
});

describe('num', () => {
  it('separates thousands with commas, rounding to a whole number', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [-0.4, '0'],
      [999, '999'],
      [999.5, '1,000'],
      [1000, '1,000'],
      [1005, '1,005'],
      [-1234567.6, '-1,234,568'],
      [1000000, '1,000,000'],
      [20070045, '20,070,045'],
      [999999999999999, '999,999,999,999,999'],
      [1e15, '1,000,000,000,000,000'],
      [2 ** 53, '9,007,199,254,740,992'],
    ];
    for (const [n, text] of cases) expect(num(n)).toBe(text);
  });
});
