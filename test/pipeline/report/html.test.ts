/** The report's HTML helpers where their output is bytes: a page's pieces encoded without joining them. */
import { describe, expect, it } from 'vitest';
import { utf8 } from '../../../pipeline/report/html.js';

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
